/**
 * `heaters doctor` reports the binaries ingest really runs: with HEATERS_FFMPEG / HEATERS_FFPROBE /
 * HEATERS_YTDLP pointing at logging wrappers in a temp dir, doctor prints those paths, and an
 * ingest started the same way runs those very wrappers.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { which } from "../../packages/adapters/src/internal/binaries.js"
import { run, stopAll } from "../support/cli.js"
import { generateVideo, type GeneratedVideo } from "../support/videos.js"

let dir = ""
let data = ""
let video: GeneratedVideo
const log = () => join(dir, "calls.log")
const calls = () => (existsSync(log()) ? readFileSync(log(), "utf8").trim().split("\n") : [])

// A wrapper that records its own name, then runs the real binary.
const wrapper = (name: string) => {
  const real = which(name)
  if (real === undefined) throw new Error(`${name} is not on PATH`)
  const path = join(dir, `my-${name}`)
  writeFileSync(path, `#!/bin/sh\necho ${name} >> '${log()}'\nexec '${real}' "$@"\n`)
  chmodSync(path, 0o755)
  return path
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "heaters-doctor-"))
  data = join(dir, "data")
  video = await generateVideo({ shots: [{ source: "testsrc2", seconds: 2 }, { source: "smptebars", seconds: 2 }], width: 160, height: 90, fps: 25 })
}, 120_000)

afterAll(async () => {
  await stopAll()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe("heaters doctor", () => {
  it("prints the binaries named by HEATERS_FFMPEG / HEATERS_FFPROBE / HEATERS_YTDLP, and ingest runs exactly those", async () => {
    const env = { HEATERS_FFMPEG: wrapper("ffmpeg"), HEATERS_FFPROBE: wrapper("ffprobe"), HEATERS_YTDLP: wrapper("yt-dlp") }
    const doctor = await run(["doctor", "--data", data], { env })
    expect(doctor.exitCode).toBe(0)
    expect(doctor.stdout).toContain(`ffmpeg   ${env.HEATERS_FFMPEG} (from HEATERS_*)`)
    expect(doctor.stdout).toContain(`ffprobe  ${env.HEATERS_FFPROBE} (from HEATERS_*)`)
    expect(doctor.stdout).toContain(`yt-dlp   ${env.HEATERS_YTDLP} (from HEATERS_*)`)
    // Doctor ran each wrapper for its version line.
    expect(new Set(calls())).toEqual(new Set(["ffmpeg", "ffprobe", "yt-dlp"]))

    rmSync(log(), { force: true })
    const ingest = await run(["ingest", video.path, "--data", data], { env })
    expect(ingest.exitCode, ingest.stderr).toBe(0)
    expect(calls()).toContain("ffmpeg")
    expect(calls()).toContain("ffprobe")
  }, 240_000)

  it("without the variables reports what PATH gives, and names a variable that points nowhere", async () => {
    const plain = await run(["doctor", "--data", data])
    expect(plain.exitCode).toBe(0)
    expect(plain.stdout).toMatch(new RegExp(`ffmpeg   ${which("ffmpeg")} \\((from PATH|from ffmpeg-static)\\)`))
    // The workspace builds the optional native sheet encoder at npm ci.
    expect(plain.stdout).toContain("sheets   libjpeg-turbo (@heaters/sheet-jpeg)")
    const wrong = await run(["doctor", "--data", data], { env: { HEATERS_FFMPEG: join(dir, "nope") } })
    expect(wrong.stdout).toContain(`ffmpeg   not found: HEATERS_FFMPEG "${join(dir, "nope")}" is not an executable file`)
  }, 120_000)
})
