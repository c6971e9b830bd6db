/** renderSprite, extractKeyframes and exportClip on generated videos, with real ffmpeg. */
import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, writeFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { Media } from "@heaters/core"
import { ExportPlan, KeyframePlan, SpritePlan } from "@heaters/core/pipeline"
import { Effect } from "effect"
import { generate, presets } from "../support/videos.js"

const root = mkdtempSync(join(tmpdir(), "heaters-render-test-"))
// Inputs made by the tests themselves live apart from `root`, which the tests check is left empty.
const scratch = mkdtempSync(join(tmpdir(), "heaters-render-scratch-"))
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
  rmSync(scratch, { recursive: true, force: true })
})
const ffprobe = (path: string, entries: string) =>
  execFileSync("ffprobe", ["-v", "error", "-select_streams", "v:0", ...entries.split(" "), "-of", "json", path], { encoding: "utf8" })
const realSize = (bytes: Uint8Array) => {
  const file = join(mkdtempSync(join(scratch, "jpg-")), "x.jpg")
  writeFileSync(file, bytes)
  const s = JSON.parse(ffprobe(file, "-show_entries stream=width,height")).streams[0]
  return { width: s.width as number, height: s.height as number }
}

describe("render", () => {
  it.layer(FfmpegMedia.layer({ tempDir: root }))((it) => {
    it.effect("renderSprite for a 2 s range: probed image size == plan == metadata", () =>
      Effect.gen(function*() {
        const media = yield* Media.Media
        const video = yield* generate(presets.hardCuts({ width: 320, height: 180, fps: 30 }))
        const info = yield* media.probe(video.path)
        const plan = SpritePlan.plan({ start: 2, end: 4, videoFps: info.fps, videoWidth: info.width, videoHeight: info.height })
        const sheet = yield* media.renderSprite(video.path, plan)
        expect(realSize(sheet.bytes)).toEqual({ width: sheet.width, height: sheet.height })
        const meta = SpritePlan.meta(plan, { size: sheet.bytes.length, filename: "s.jpg" })
        expect(meta.cols * meta.tile_width).toBe(sheet.width)
        expect(meta.rows * meta.tile_height_calculated).toBe(sheet.height)
        expect(meta.total_sprite_frames).toBe(48)
        expect(plan.tileHeight).toBe(270)
      }))

    it.effect("renderSprite for a 10 min range: height cap respected, fps lowered, real size == metadata", () =>
      Effect.gen(function*() {
        const media = yield* Media.Media
        const video = yield* generate(presets.long(10, { width: 160, height: 90, noise: 0 }))
        const info = yield* media.probe(video.path)
        expect(info.durationSeconds).toBeCloseTo(600, 0)
        const settings = { ...SpritePlan.defaults, tileWidth: 160, maxSheetPx: 4000 }
        const plan = SpritePlan.plan({ start: 0, end: 600, videoFps: info.fps, videoWidth: info.width, videoHeight: info.height }, settings)
        expect(plan.fps).toBeLessThan(info.fps)
        const sheet = yield* media.renderSprite(video.path, plan)
        expect(sheet.height).toBeLessThanOrEqual(settings.maxSheetPx)
        expect(sheet.width).toBeLessThanOrEqual(settings.maxSheetPx)
        expect(realSize(sheet.bytes)).toEqual({ width: plan.cols * plan.tileWidth, height: plan.rows * plan.tileHeight })
      }), { timeout: 120_000 })

    it.effect("keyframes land at the planned times (multi), as JPEGs of the video's size; black frames are skipped", () =>
      Effect.gen(function*() {
        const media = yield* Media.Media
        const video = yield* generate(presets.hardCuts())
        const plan = KeyframePlan.plan({ start: 2, end: 4, fps: 25 }, "multi")
        const shots = yield* media.extractKeyframes(video.path, plan)
        expect(shots.map((s) => s.tag)).toEqual(["25pct", "50pct", "75pct"])
        for (const [i, s] of shots.entries()) {
          expect(s.time).toBeCloseTo(plan.shots[i]!.time, 3)
          expect(s.frameIndex).toBe(plan.shots[i]!.frameIndex)
          expect([s.width, s.height]).toEqual([160, 90])
          expect(realSize(s.bytes)).toEqual({ width: 160, height: 90 })
        }
        // A shot planned inside a fade's black hold moves forward to the first frame with content.
        const fade = yield* generate(presets.fadeBlack())
        const black = fade.transitions[0]!.frame / fade.fps
        const [nudged] = yield* media.extractKeyframes(fade.path, KeyframePlan.plan({ start: black - 0.5, end: black + 0.5, fps: 25 }, "midpoint"))
        expect(nudged!.time).toBeGreaterThan(black)
        expect(nudged!.time).toBeLessThan(black + 0.5)
      }))

    it.scoped("export: copy from a keyframe, re-encode otherwise; duration within one frame; file gone with the scope", () =>
      Effect.gen(function*() {
        const media = yield* Media.Media
        const video = yield* generate({ ...presets.hardCuts({ audio: true }), gop: 25 })
        const frames = (p: string) => Number(JSON.parse(ffprobe(p, "-count_packets -show_entries stream=nb_read_packets,codec_name")).streams[0].nb_read_packets)
        let copied = ""
        yield* Effect.scoped(Effect.gen(function*() {
          copied = yield* media.exportClip(video.path, ExportPlan.plan({ startTime: 2, endTime: 4 }, 25)) // frame 50: a keyframe (gop 25)
          expect(Math.abs(frames(copied) - 50)).toBeLessThanOrEqual(1)
          const encoded = yield* media.exportClip(video.path, ExportPlan.plan({ startTime: 2.52, endTime: 3.72 }, 25))
          expect(Math.abs(frames(encoded) - 30)).toBeLessThanOrEqual(1)
          const info = yield* media.probe(encoded)
          expect(Math.abs(info.durationSeconds - 1.2)).toBeLessThanOrEqual(1 / 25 + 0.03)
          expect(info.hasAudio).toBe(true)
        }))
        expect(existsSync(copied)).toBe(false)
        expect(readdirSync(root)).toEqual([])
      }))
  })
})
