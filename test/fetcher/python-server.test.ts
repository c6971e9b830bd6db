/**
 * Defect: a URL ingest from a plain `python3 -m http.server` crashed the whole process now and then
 * with an uncaught `AssertionError: assert(!this.paused)` from undici's HTTP/1 client (a response
 * body left waiting while the server closed the connection). Here: many sequential and concurrent
 * downloads from a real python http.server, with a consumer slow enough that bodies wait, plus the
 * early-abort paths (size cap, interruption mid-body, an unread probe GET closed by the server).
 * Every download ends as a file or a `FetchFailed`, and the test process is still alive.
 */
// The CLI and the server load @effect/platform-node, which loads the `undici` package and makes it
// the global `fetch` dispatcher — the client that crashed. Load it here too so a regression to
// `fetch` would crash this test the same way.
import "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import * as YtDlp from "@heaters/adapters/ytdlp"
import { Effect, Either, Fiber } from "effect"
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { randomBytes } from "node:crypto"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import type { Server } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll } from "vitest"
import { entries, makeVideo, removeRoot, makeRoot } from "./fixtures.js"

let dir: string
let root: string
let python: ChildProcess
let base: string
let small: Buffer
let big: Buffer
let raw: Server
let rawBase: string

/** `python3 -m http.server` on a free port; resolves with its base URL once it listens. */
const startPython = (directory: string) =>
  new Promise<{ child: ChildProcess; base: string }>((resolve, reject) => {
    const child = spawn("python3", ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", directory], { stdio: ["ignore", "pipe", "ignore"] })
    let out = ""
    child.once("error", reject)
    child.stdout!.on("data", (d) => {
      out += String(d)
      const port = /port (\d+)/.exec(out)?.[1]
      if (port !== undefined) resolve({ child, base: `http://127.0.0.1:${port}` })
    })
  })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "heaters-python-"))
  small = await makeVideo(dir) // clip.mp4, ≈ 40 kB
  big = randomBytes(1024 * 1024)
  writeFileSync(join(dir, "big.mp4"), big)
  ;({ child: python, base } = await startPython(dir))
  // The undici reproduction's server: HEAD → 405 (so the probe falls back to GET), GET → the whole
  // body and FIN at once, to a client that never reads it.
  raw = createServer((socket) => {
    socket.on("error", () => undefined)
    socket.once("data", (request) => {
      if (String(request).startsWith("HEAD")) return void socket.end("HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: video/mp4\r\ncontent-length: ${big.length}\r\nconnection: close\r\n\r\n`)
      socket.end(big)
    })
  })
  await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve))
  rawBase = `http://127.0.0.1:${(raw.address() as { port: number }).port}`
  root = await makeRoot()
})

afterAll(async () => {
  python?.kill("SIGKILL")
  if (python && python.exitCode === null && python.signalCode === null) await new Promise((r) => python.once("exit", r))
  await new Promise((r) => raw?.close(r))
  rmSync(dir, { recursive: true, force: true })
  await removeRoot(root)
})

const fetcher = (options: YtDlp.FetcherOptions = {}) =>
  YtDlp.make({ tempDir: root, progressIntervalMs: 0, allowPrivateAddresses: true, timeoutMs: 20_000, ...options })

/** Downloads `name` and checks the bytes; a slow progress callback keeps the body waiting. */
const download = (f: Effect.Effect.Success<ReturnType<typeof fetcher>>, url: string, expected: Buffer, delayMs: number) =>
  Effect.scoped(
    Effect.gen(function* () {
      const fetched = yield* f.fetch(url, () => Effect.sleep(`${delayMs} millis`))
      expect(readFileSync(fetched.path).equals(expected)).toBe(true)
    })
  ).pipe(Effect.either)

describe("downloads from python3 -m http.server never take the process down", () => {
  it.live("60 sequential downloads, with a consumer that lets the body wait", () =>
    Effect.gen(function* () {
      const f = yield* fetcher()
      const results = yield* Effect.forEach(Array.from({ length: 60 }, (_, i) => i), (i) =>
        download(f, `${base}/${i % 2 === 0 ? "clip" : "big"}.mp4`, i % 2 === 0 ? small : big, i % 4))
      expect(results.filter(Either.isLeft).map((r) => r.left.message)).toEqual([])
      expect(entries(root)).toEqual([])
    }), 120_000)

  it.live("60 downloads, 6 at a time", () =>
    Effect.gen(function* () {
      const f = yield* fetcher({ mode: "direct" })
      const results = yield* Effect.forEach(Array.from({ length: 60 }, (_, i) => i), (i) =>
        download(f, `${base}/${i % 3 === 0 ? "clip" : "big"}.mp4`, i % 3 === 0 ? small : big, i % 5), { concurrency: 6 })
      expect(results.filter(Either.isLeft).map((r) => r.left.message)).toEqual([])
      expect(entries(root)).toEqual([])
    }), 120_000)

  it.live("early aborts: a size cap, an interruption mid-body, and an unread probe GET", () =>
    Effect.gen(function* () {
      // The cap from Content-Length: the body is never read, the server closes.
      const capped = yield* fetcher({ maxBytes: 100_000 })
      for (let i = 0; i < 20; i++) {
        const error = yield* Effect.flip(Effect.scoped(capped.fetch(`${base}/big.mp4`)))
        expect(error).toMatchObject({ _tag: "FetchFailed", reason: YtDlp.Reason.TooLarge })
      }
      // Interrupted after the first chunk, while the rest of the body is arriving.
      const f = yield* fetcher({ mode: "direct" })
      for (let i = 0; i < 20; i++) {
        const fiber = yield* Effect.fork(Effect.scoped(f.fetch(`${base}/big.mp4`, () => Effect.never)))
        yield* Effect.sleep("30 millis")
        yield* Fiber.interrupt(fiber)
      }
      // The probe's GET (HEAD refused) is never read; the server sends it all and closes.
      const auto = yield* fetcher({ mode: "auto" })
      for (let i = 0; i < 20; i++) {
        const result = yield* download(auto, `${rawBase}/v.mp4`, big, 5)
        expect(Either.isRight(result) || result.left._tag === "FetchFailed").toBe(true)
      }
      // Let any late socket event fire while the test can still see it.
      yield* Effect.sleep("300 millis")
      expect(entries(root)).toEqual([])
    }), 120_000)
})
