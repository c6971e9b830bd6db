/** normalize: link a file that is already a master, remux when compatible, re-encode otherwise; progress; temp files removed with the scope. */
import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { Media } from "@heaters/core"
import { Effect } from "effect"
import { isFastStartMp4 } from "../../packages/adapters/src/ffmpeg/mp4.js"
import { generate, presets } from "../support/videos.js"

const root = mkdtempSync(join(tmpdir(), "heaters-normalize-test-"))
// Inputs made by the tests themselves live apart from `root`, which the tests check is left empty.
const scratch = mkdtempSync(join(tmpdir(), "heaters-normalize-scratch-"))
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
  rmSync(scratch, { recursive: true, force: true })
})
const streamsOf = (path: string) =>
  execFileSync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0", path], { encoding: "utf8" }).trim().split("\n")
const faststart = (path: string) => {
  const bytes = readFileSync(path)
  return bytes.indexOf("moov") < bytes.indexOf("mdat")
}

describe("normalize", () => {
  it.layer(FfmpegMedia.layer({ tempDir: root }))((it) => {
    it.effect("an H.264/AAC yuv420p MP4 with its index first is taken as it is: same bytes, progress up to 1", () =>
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
          expect(readFileSync(out.path).equals(readFileSync(video.path))).toBe(true)
        }))
        expect(progress[progress.length - 1]).toBe(1)
        expect(existsSync(master)).toBe(false)
        expect(existsSync(video.path)).toBe(true)
        expect(readdirSync(root)).toEqual([])
      }))

    it.effect("a compatible file with its index last, an extra stream or a QuickTime brand is remuxed into a master", () =>
      Effect.gen(function*() {
        const media = yield* Media.Media
        const video = yield* generate(presets.hardCuts({ audio: true }))
        const dir = mkdtempSync(join(scratch, "remux-"))
        const variants = {
          "index last": ["-c", "copy", join(dir, "late.mp4")],
          "second audio": ["-map", "0:v", "-map", "0:a", "-map", "0:a", "-c", "copy", "-movflags", "+faststart", join(dir, "two.mp4")],
          "QuickTime": ["-c", "copy", "-movflags", "+faststart", join(dir, "qt.mov")]
        }
        for (const [name, args] of Object.entries(variants)) {
          const input = args[args.length - 1]!
          execFileSync("ffmpeg", ["-v", "error", "-i", video.path, ...args])
          const progress: Array<number> = []
          yield* Effect.scoped(Effect.gen(function*() {
            const out = yield* media.normalize(input, (f) => Effect.sync(() => progress.push(f)))
            expect(out.reencoded, name).toBe(false)
            expect(faststart(out.path), name).toBe(true)
            expect(streamsOf(out.path), name).toEqual(["video", "audio"])
            expect(out.info.frameCount, name).toBe(video.frames)
            expect(readFileSync(out.path).equals(readFileSync(input)), name).toBe(false)
          }))
          expect(progress.length, name).toBeGreaterThan(0)
          expect(progress.every((p, i) => p >= 0 && p <= 1 && (i === 0 || p >= progress[i - 1]!)), name).toBe(true)
        }
        expect(readdirSync(root)).toEqual([])
      }))

    it.effect("only a whole, unfragmented MP4 counts as laid out as a master", () =>
      Effect.gen(function*() {
        const video = yield* generate(presets.hardCuts({}))
        const dir = mkdtempSync(join(scratch, "layout-"))
        const bytes = readFileSync(video.path)
        const write = (name: string, data: Uint8Array) => {
          writeFileSync(join(dir, name), data)
          return join(dir, name)
        }
        const fragmented = join(dir, "frag.mp4")
        execFileSync("ffmpeg", ["-v", "error", "-i", video.path, "-c", "copy", "-movflags", "frag_keyframe+empty_moov", fragmented])
        const check = (path: string) => Effect.promise(() => isFastStartMp4(path))
        expect(yield* check(video.path)).toBe(true)
        expect(yield* check(write("cut.mp4", bytes.subarray(0, bytes.length - 1000)))).toBe(false)
        expect(yield* check(write("longer.mp4", Buffer.concat([bytes, Buffer.from("tail")])))).toBe(false)
        expect(yield* check(write("empty.mp4", new Uint8Array(0)))).toBe(false)
        expect(yield* check(write("text.mp4", Buffer.from("not a video at all")))).toBe(false)
        expect(yield* check(fragmented)).toBe(false)
        // ftyp, then a thousand empty `free` boxes before the rest: not a layout a muxer writes.
        const ftypSize = bytes.readUInt32BE(0)
        const free = Buffer.from([0, 0, 0, 8, 0x66, 0x72, 0x65, 0x65])
        const padded = Buffer.concat([bytes.subarray(0, ftypSize), ...Array.from({ length: 1000 }, () => free), bytes.subarray(ftypSize)])
        expect(yield* check(write("boxes.mp4", padded))).toBe(false)
        expect(yield* check(write("few-boxes.mp4", Buffer.concat([bytes.subarray(0, ftypSize), free, free, bytes.subarray(ftypSize)])))).toBe(true)
        expect(yield* check(join(dir, "missing.mp4"))).toBe(false)
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
