/**
 * The long-running commands through the real binary: `serve` and `demo` answer HTTP and stop on
 * SIGTERM/SIGINT with their whole process group gone; `work` runs until interrupted. The demo
 * films its sample from real photographs (Debian's mate-backgrounds) and ingests it.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { execFileSync } from "node:child_process"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, afterEach, describe, expect, it } from "vitest"
import { alive, killGroup, run, start, stopAll, waitForStderr } from "../support/cli.js"
import { photoDir, shots } from "../../packages/examples/src/sample.js"

const dirs: Array<string> = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "heaters-cli-serve-"))
  dirs.push(dir)
  return dir
}

afterEach(stopAll)
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** Children of `pid` (any depth would do; direct children are what we start). */
const children = (pid: number): Array<number> => {
  try {
    return execFileSync("pgrep", ["-g", String(pid)]).toString().trim().split("\n").filter(Boolean).map(Number)
  } catch {
    return []
  }
}

describe("heaters serve", () => {
  it("listens (--port 0 picks a free port), serves the review page, and SIGTERM stops it with exit 143", async () => {
    const server = start(["serve", "--port", "0", "--data", tempDir()])
    const [, url] = await waitForStderr(server, /Listening on (http:\/\/127\.0\.0\.1:\d+)/)
    const page = await fetch(`${url}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get("content-type")).toMatch(/text\/html/)
    killGroup(server, "SIGTERM")
    const result = await server
    expect(result.exitCode).toBe(143)
    expect(children(server.pid!)).toEqual([])
    await expect(fetch(`${url}/`)).rejects.toThrow()
  }, 240_000)

  it("a port in use fails with exit 1 and the reason", async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve))
    try {
      const { port } = blocker.address() as AddressInfo
      const r = await run(["serve", "--port", String(port), "--data", tempDir()])
      expect(r.exitCode).toBe(1)
      expect(r.stderr).toMatch(/ServeError: listen EADDRINUSE/)
    } finally {
      blocker.close()
    }
  }, 240_000)
})

describe("heaters work", () => {
  it("without --until-idle runs until SIGINT, then exits 130", async () => {
    const worker = start(["work", "--data", tempDir()])
    await waitForStderr(worker, /workers running/)
    expect(alive(worker.pid!)).toBe(true)
    killGroup(worker, "SIGINT")
    const result = await worker
    expect(result.exitCode).toBe(130)
    expect(children(worker.pid!)).toEqual([])
  }, 240_000)
})

describe("heaters demo", () => {
  it.skipIf(!shots.every((s) => existsSync(join(photoDir, s.photo))))(
    "films the sample from photographs, ingests it (--no-serve), then serves it on a second run",
    async () => {
      const data = tempDir()
      const first = await run(["demo", "--no-serve", "--data", data], { timeout: 900_000 })
      expect(first.exitCode).toBe(0)
      expect(first.stderr).not.toMatch(/test patterns/)
      const probe = JSON.parse(
        execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration:stream=codec_type,width,height", "-of", "json", join(data, "sample.mp4")]).toString()
      ) as { format: { duration: string }; streams: Array<{ codec_type: string; width?: number; height?: number }> }
      expect(Number(probe.format.duration)).toBeCloseTo(42, 0)
      expect(probe.streams.map((s) => s.codec_type).sort()).toEqual(["audio", "video"])
      // Ten shots: eight hard cuts or fades at least are found; dissolves may stay inside a clip.
      const pending = Number(/^(\d+) clips wait for review\.$/m.exec(first.stdout)?.[1])
      expect(pending).toBeGreaterThanOrEqual(8)
      expect(pending).toBeLessThanOrEqual(12)

      const server = start(["demo", "--port", "0", "--data", data])
      const [, url] = await waitForStderr(server, /Listening on (http:\/\/127\.0\.0\.1:\d+)/)
      expect((await fetch(`${url}/`)).status).toBe(200)
      killGroup(server, "SIGINT")
      expect((await server).exitCode).toBe(130)
    },
    1_200_000
  )
})
