/**
 * The yt-dlp strategy with the real binary (Debian's yt-dlp) and its generic extractor against a
 * loopback server, plus a fake binary that counts its runs.
 */
import { describe, expect, it } from "@effect/vitest"
import * as YtDlp from "@heaters/adapters/ytdlp"
import type { Fetcher } from "@heaters/core"
import { ConfigProvider, Deferred, Effect, Either, Fiber } from "effect"
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"
import { entries, PAGE_TITLE, processesMentioning, streamTypes, useFixtures } from "./fixtures.js"

const fx = useFixtures()

const ytdlp = (options: YtDlp.FetcherOptions = {}) =>
  YtDlp.make({ mode: "yt-dlp", tempDir: fx.root, progressIntervalMs: 0, timeoutMs: 10_000, retries: 0, allowPrivateAddresses: true, ...options })

// A stand-in yt-dlp that records each run's arguments and fails like yt-dlp does.
const fakeDir = mkdtempSync(join(tmpdir(), "heaters-fake-ytdlp-"))
const fakeBin = join(fakeDir, "yt-dlp")
const runsFile = join(fakeDir, "runs.log")
writeFileSync(fakeBin, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${runsFile}'\necho 'ERROR: fake yt-dlp refuses' >&2\nexit 2\n`)
chmodSync(fakeBin, 0o755)
const runs = (): ReadonlyArray<string> => (existsSync(runsFile) ? readFileSync(runsFile, "utf8").trim().split("\n") : [])
afterAll(() => rmSync(fakeDir, { recursive: true, force: true }))

describe("yt-dlp strategy", () => {
  it.live("downloads a direct link with the generic extractor, with progress and metadata", () =>
    Effect.gen(function* () {
      const fetcher = yield* ytdlp()
      const events: Array<Fetcher.FetchProgress> = []
      const fetched = yield* Effect.scoped(
        Effect.gen(function* () {
          const result = yield* fetcher.fetch(`${fx.server.base}/throttled.mp4`, (p) => Effect.sync(() => events.push(p)))
          expect(yield* Effect.promise(() => streamTypes(result.path))).toEqual(["video", "audio"])
          expect(result.path.startsWith(fx.root)).toBe(true)
          return result
        })
      )
      expect(entries(fx.root)).toEqual([])
      expect(fetched).toMatchObject({ title: "throttled", extractor: "Generic", webpageUrl: `${fx.server.base}/throttled.mp4`, publishedDate: "2023-11-14" })
      expect(fetched.path.endsWith("/throttled.mp4")).toBe(true)
      expect(events.length).toBeGreaterThan(3)
      expect(events.at(-1)?.fraction).toBe(1)
      expect(events.some((e) => e.bytesPerSecond !== null && e.bytesPerSecond > 0)).toBe(true)
      expect(events.some((e) => e.etaSeconds !== null)).toBe(true)
    }))

  it.scopedLive("downloads the video a page embeds (<video src>)", () =>
    Effect.gen(function* () {
      const fetcher = yield* ytdlp()
      const fetched = yield* fetcher.fetch(`${fx.server.base}/page.html`)
      expect(fetched.title).toContain(PAGE_TITLE)
      expect(fetched.webpageUrl).toBe(`${fx.server.base}/page.html`)
      expect(fetched.extractor).toBe("HTML5MediaEmbed")
      expect(fetched.publishedDate).toBe("2023-11-14")
      expect(fetched.path).toMatch(/\/Heaters_Test_Page[\w-]*\.mp4$/)
      expect(yield* Effect.promise(() => streamTypes(fetched.path))).toContain("video")
    }))

  it.scopedLive("a 404 stops at the first strategy with yt-dlp's stderr tail", () =>
    Effect.gen(function* () {
      const fetcher = yield* ytdlp()
      const error = yield* Effect.flip(fetcher.fetch(`${fx.server.base}/missing.mp4`))
      expect(error).toMatchObject({ _tag: "FetchFailed", url: `${fx.server.base}/missing.mp4`, strategy: "yt-dlp:best", reason: YtDlp.Reason.HttpStatus })
      expect(error.detail).toContain("HTTP Error 404")
      expect(entries(fx.root)).toEqual([])
    }))

  it.scopedLive("a page without a video and a text file are not media", () =>
    Effect.gen(function* () {
      const fetcher = yield* ytdlp()
      const page = yield* Effect.flip(fetcher.fetch(`${fx.server.base}/empty-page.html`))
      expect(page).toMatchObject({ strategy: "yt-dlp:best", reason: YtDlp.Reason.NotMedia })
      expect(page.detail).toContain("Unsupported URL")
      const text = yield* Effect.flip(fetcher.fetch(`${fx.server.base}/notes.txt`))
      expect(text).toMatchObject({ reason: YtDlp.Reason.NotMedia })
      expect(text.detail).toContain(".txt")
      expect(entries(fx.root)).toEqual([])
    }))

  it.scopedLive("a file over --max-filesize fails as too large after every strategy", () =>
    Effect.gen(function* () {
      const fetcher = yield* ytdlp({ maxBytes: 10_000 })
      const error = yield* Effect.flip(fetcher.fetch(`${fx.server.base}/clip.mp4`))
      expect(error).toMatchObject({ strategy: "yt-dlp:worst", reason: YtDlp.Reason.TooLarge })
      expect(error.detail).toContain("yt-dlp:best: file too large")
      expect(error.detail).toContain("max-filesize")
    }))

  it.scopedLive("interruption kills yt-dlp and removes the directory", () =>
    Effect.gen(function* () {
      const fetcher = yield* ytdlp({ timeoutMs: 30_000 })
      const started = yield* Deferred.make<void>()
      const fiber = yield* Effect.fork(Effect.scoped(fetcher.fetch(`${fx.server.base}/stall.mp4`, () => Deferred.succeed(started, undefined))))
      yield* Deferred.await(started)
      expect(processesMentioning(fx.root).length).toBe(1)
      expect(entries(fx.root)).toHaveLength(1)
      yield* Fiber.interrupt(fiber)
      expect(processesMentioning(fx.root)).toEqual([])
      expect(entries(fx.root)).toEqual([])
    }))

  it.scopedLive("unsupported URLs never start a process; a valid one runs the whole chain", () =>
    Effect.gen(function* () {
      const fetcher = yield* ytdlp({ ytDlpPath: fakeBin })
      for (const url of ["file:///etc/passwd", "data:text/html,<video src=x>", "javascript:alert(1)", "http://", "::::", "https://user:pw@example.com/v"]) {
        const error = yield* Effect.flip(fetcher.fetch(url))
        expect(error).toMatchObject({ strategy: "validate", reason: YtDlp.Reason.UnsupportedUrl })
      }
      expect(runs()).toEqual([])
      // The control: the same fetcher does run the binary, once per format of the chain.
      const error = yield* Effect.flip(fetcher.fetch(`${fx.server.base}/clip.mp4`))
      expect(error).toMatchObject({ strategy: "yt-dlp:worst", reason: YtDlp.Reason.YtDlpFailed })
      expect(error.detail).toContain("fake yt-dlp refuses")
      expect(runs()).toHaveLength(3)
      expect(runs()[0]).toContain(`--format bv*+ba/b`)
      expect(runs()[0]!.endsWith(`-- ${fx.server.base}/clip.mp4`)).toBe(true)
      expect(entries(fx.root)).toEqual([])
    }))

  it.scopedLive("a missing binary is a tagged error that says how to install yt-dlp", () =>
    Effect.gen(function* () {
      const fetcher = yield* ytdlp({ ytDlpPath: "/nonexistent/yt-dlp" })
      const error = yield* Effect.flip(fetcher.fetch(`${fx.server.base}/page.html`))
      expect(error).toMatchObject({ reason: YtDlp.Reason.YtDlpMissing })
      expect(error.detail).toContain("apt-get install yt-dlp")
      const missing = yield* Effect.flip(YtDlp.resolveYtDlp("/nonexistent/yt-dlp"))
      expect(missing).toMatchObject({ _tag: "BinaryNotFound", binary: "yt-dlp" })
    }))

  it.live("resolves the binary: option, then HEATERS_YTDLP, then PATH", () =>
    Effect.gen(function* () {
      expect(yield* YtDlp.resolveYtDlp(fakeBin)).toBe(fakeBin)
      const env = (map: Record<string, string>) => Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(map))))
      expect(yield* YtDlp.resolveYtDlp().pipe(env({ HEATERS_YTDLP: fakeBin }))).toBe(fakeBin)
      expect(yield* YtDlp.resolveYtDlp().pipe(env({}))).toBe("/usr/bin/yt-dlp")
      const wrong = yield* Effect.either(YtDlp.resolveYtDlp().pipe(env({ HEATERS_YTDLP: "/nope/yt-dlp" })))
      expect(Either.isLeft(wrong) && wrong.left.hint).toContain("HEATERS_YTDLP")
    }))
})
