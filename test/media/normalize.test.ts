/** normalize: remux when compatible, re-encode otherwise; progress; temp files removed with the scope. */
import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { Media } from "@heaters/core"
import { Effect } from "effect"
import { generate, presets } from "../support/videos.js"

const root = mkdtempSync(join(tmpdir(), "heaters-normalize-test-"))
// Inputs made by the tests themselves live apart from `root`, which the tests check is left empty.
const scratch = mkdtempSync(join(tmpdir(), "heaters-normalize-scratch-"))
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
  rmSync(scratch, { recursive: true, force: true })
})
const faststart = (path: string) => {
  const bytes = readFileSync(path)
  return bytes.indexOf("moov") < bytes.indexOf("mdat")
}

describe("normalize", () => {
  it.layer(FfmpegMedia.layer({ tempDir: root }))((it) => {
    it.effect("an H.264/AAC yuv420p file is only remuxed, with faststart and progress up to 1", () =>
      Effect.gen(function*() {
        const media = yield* Media.Media
        const video = yield* generate(presets.hardCuts({ audio: true }))
        const progress: Array<number> = []
        let master = ""
        yield* Effect.scoped(Effect.gen(function*() {
          const out = yield* media.normalize(video.path, (f) => Effect.sync(() => progress.push(f)))
          master = out.path
          expect(out.reencoded).toBe(false)
          expect(out.info.frameCount).toBe(video.frames)
          expect([out.info.videoCodec, out.info.audioCodec, out.info.pixelFormat]).toEqual(["h264", "aac", "yuv420p"])
          expect(faststart(out.path)).toBe(true)
        }))
        expect(progress[progress.length - 1]).toBe(1)
        expect(progress.every((p, i) => p >= 0 && p <= 1 && (i === 0 || p >= progress[i - 1]!))).toBe(true)
        expect(existsSync(master)).toBe(false)
        expect(readdirSync(root)).toEqual([])
      }))

    it.effect("anything else (MPEG-4 Part 2 + MP3 in MKV, odd size) is re-encoded to H.264/AAC yuv420p", () =>
      Effect.gen(function*() {
        const media = yield* Media.Media
        const video = yield* generate(presets.flash({ audio: true, width: 161, height: 91 }))
        const dir = mkdtempSync(join(scratch, "src-"))
        const mkv = join(dir, "in.mkv")
        execFileSync("ffmpeg", ["-v", "error", "-i", video.path, "-c:v", "mpeg4", "-c:a", "libmp3lame", mkv])
        yield* Effect.scoped(Effect.gen(function*() {
          const before = yield* media.probe(mkv)
          expect(before.videoCodec).toBe("mpeg4")
          const out = yield* media.normalize(mkv)
          expect(out.reencoded).toBe(true)
          expect([out.info.videoCodec, out.info.audioCodec, out.info.pixelFormat]).toEqual(["h264", "aac", "yuv420p"])
          expect([out.info.width % 2, out.info.height % 2]).toEqual([0, 0])
          expect(Math.abs(out.info.frameCount - video.frames)).toBeLessThanOrEqual(1)
          expect(faststart(out.path)).toBe(true)
        }))
        expect(readdirSync(root)).toEqual([])
      }))

    it.effect("probe decodes fps as a fraction (30000/1001) without eval", () =>
      Effect.gen(function*() {
        const media = yield* Media.Media
        const video = yield* generate(presets.flash({ fps: 30000 / 1001 }))
        const info = yield* media.probe(video.path)
        expect(info.fps).toBeCloseTo(29.97, 2)
        expect(info.rotation).toBe(0)
        expect(info.hasAudio).toBe(false)
      }))
  })
})
