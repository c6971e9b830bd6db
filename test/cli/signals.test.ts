/**
 * SIGTERM / SIGINT to a running `heaters serve` or `heaters work` (the whole process group, as a
 * terminal's Ctrl+C or a service manager does) while a video is being normalised: the command's
 * scopes close — the ffmpeg stage's scratch directory is removed — and the process exits 143 / 130.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Embedded from "@heaters/adapters/embedded"
import { Heaters } from "@heaters/core"
import { Effect, Layer } from "effect"
import { afterAll, afterEach, describe, expect, it } from "vitest"
import { killGroup, start, stopAll, waitForStderr } from "../support/cli.js"
import { generateVideo } from "../support/videos.js"

const dirs: Array<string> = []
const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `heaters-cli-signals-${name}-`))
  dirs.push(dir)
  return dir
}
afterEach(stopAll)
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

let long: Promise<string> | undefined
/**
 * Long enough (640×360, 24 s), and in a codec normalise must re-encode (MPEG-4 Part 2 in Matroska),
 * that normalising it is still running when the signal arrives.
 */
const longVideo = (): Promise<string> =>
  (long ??= generateVideo({ width: 640, height: 360, fps: 25, shots: [{ source: "testsrc2", seconds: 12 }, { source: "mandelbrot", seconds: 12 }] }).then((video) => {
    // Made once for both tests: neither changes the file.
    const path = join(tempDir("source"), "long.mkv")
    execFileSync("ffmpeg", ["-v", "error", "-i", video.path, "-c:v", "mpeg4", "-q:v", "5", path])
    return path
  }))

const ours = (dir: string) => readdirSync(dir).filter((name) => name.startsWith("heaters-"))

/** Waits until the child's TMPDIR holds one of our scratch directories (an ffmpeg stage is running). */
const scratchAppears = async (dir: string, ms = 120_000) => {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (ours(dir).length > 0) return ours(dir)
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error("no scratch directory appeared")
}

describe("signals stop the CLI through its scopes", () => {
  it("serve: SIGTERM during an ingest exits 143 and leaves no temp dir", async () => {
    const tmp = tempDir("tmp")
    const video = await longVideo()
    const server = start(["serve", "--port", "0", "--data", tempDir("data")], { env: { TMPDIR: tmp } })
    const [, url] = await waitForStderr(server, /Listening on (http:\/\/127\.0\.0\.1:\d+)/)
    const submitted = await fetch(`${url}/api/videos`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ source: video }) })
    expect(submitted.status).toBe(201)
    expect((await scratchAppears(tmp)).some((d) => d.startsWith("heaters-master-"))).toBe(true)
    killGroup(server, "SIGTERM")
    const result = await server
    expect(result.exitCode).toBe(143)
    expect(ours(tmp)).toEqual([])
  }, 240_000)

  it("work: SIGINT during an ingest exits 130 and leaves no temp dir", async () => {
    const tmp = tempDir("tmp")
    const data = tempDir("data")
    const video = await longVideo()
    await Effect.runPromise(
      Effect.flatMap(Heaters.Heaters, (h) => h.submit(video)).pipe(
        Effect.provide(Heaters.layer.pipe(Layer.provideMerge(Embedded.layer({ dataDir: data })))),
        Effect.scoped
      )
    )
    const worker = start(["work", "--data", data], { env: { TMPDIR: tmp } })
    await scratchAppears(tmp)
    killGroup(worker, "SIGINT")
    const result = await worker
    expect(result.exitCode).toBe(130)
    expect(ours(tmp)).toEqual([])
  }, 240_000)
})
