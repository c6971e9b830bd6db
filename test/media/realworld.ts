/**
 * The check every real-world variant (`support/realworld.ts`) must pass, as a suite the
 * `realworld-*.test.ts` files call (two files, so the two halves of the corpus run side by side): the
 * variant goes through normalise → analyze → clips → sheets → keyframes → export with real ffmpeg,
 * and every result is compared with the upright base video it was made from — clip boundaries
 * within one frame of the true cut in presentation time, the frame at a clip's start the first one
 * after its cut, levels kept, tiles showing the base frames upright at their times, the whole video
 * covered, exports holding exactly their clip's frames.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it, type Vitest } from "@effect/vitest"
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { Media } from "@heaters/core"
import { Cuts, ExportPlan, KeyframePlan, SpritePlan } from "@heaters/core/pipeline"
import { Effect } from "effect"
import { allLuma, contrast, lumaOf, type Property, psnr, realWorld } from "../support/realworld.js"


const promise = <A>(f: () => Promise<A>) => Effect.promise(f)
const jpegFile = (scratch: string, bytes: Uint8Array) => {
  const file = join(mkdtempSync(join(scratch, "sheet-")), "sheet.jpg")
  writeFileSync(file, bytes)
  return file
}
/** Frames ffmpeg decodes from a file (every one, in order). */
const decodedFrames = (path: string) =>
  Number(execFileSync("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path], { encoding: "utf8" }).trim())

/** Runs `property`'s variant through the media steps and checks every result; `scratch` takes the test's own files. */
export const checkVariant = (property: Property, scratch: string) =>
  Effect.gen(function*() {
    const media = yield* Media.Media
    const video = yield* promise(() => realWorld(property))
    const { fps } = video
    // The base's frames, as the checks compare them: 64×64 for whole frames, 32×32 for tiles.
    const base64 = yield* promise(() => allLuma(video.base.path, 64, 64))
    const base32 = yield* promise(() => allLuma(video.base.path, 32, 32))
    const frame = 1 / fps + 1e-3
    const master = yield* media.normalize(video.path)
    const info = master.info
    expect([info.width, info.height], "the size a player shows").toEqual([video.width, video.height])

    const analysis = yield* media.analyze(master.path, { detection: { detector: "default" }, sprite: { maxFps: 24, tileWidth: 160 } })
    const ranges = Cuts.plan(analysis.candidates, analysis.info, 1)
    const starts = ranges.slice(1).map((r) => r.startTime)
    expect(starts.length, `boundaries ${starts} for cuts ${video.cutTimes}`).toBe(video.cutTimes.length)
    for (const [i, t] of video.cutTimes.entries()) expect(Math.abs(starts[i]! - t), `cut at ${t} s found at ${starts[i]} s`).toBeLessThanOrEqual(frame)
    expect(ranges[0]!.startTime).toBe(0)
    expect(Math.abs(ranges[ranges.length - 1]!.endTime - video.endTime), "the clips reach the last frame").toBeLessThanOrEqual(frame)

    for (const range of ranges) {
      const base = video.baseFrameAt(range.startTime) ?? 0
      const want = base64[base]!
      // The master's first frame at or after the stored start (a millisecond-rounded time),
      // as every seek of Heaters' takes it.
      const shown = yield* promise(() => lumaOf(master.path, { time: range.startTime - 0.5 / fps }))
      expect(psnr(shown, want), `clip at ${range.startTime} s starts on base frame ${base}`).toBeGreaterThanOrEqual(video.minPsnr.frame)
      expect(contrast(shown) / contrast(want), "levels kept, not washed out").toBeGreaterThan(0.8)

      const plan = SpritePlan.plan({ start: range.startTime, end: range.endTime, videoFps: info.fps, videoWidth: info.width, videoHeight: info.height }, { tileWidth: 160, maxFps: 24, maxSheetPx: 16_000 })
      expect(plan.tileHeight > plan.tileWidth, "portrait pictures get portrait tiles").toBe(video.height > video.width)
      const sheet = jpegFile(scratch, (yield* analysis.sheet(plan)).bytes)
      for (const k of [0, plan.frames - 1]) {
        const t = plan.start + k / plan.fps
        const tile = yield* promise(() =>
          lumaOf(sheet, { crop: { x: (k % plan.cols) * plan.tileWidth, y: Math.floor(k / plan.cols) * plan.tileHeight, w: plan.tileWidth, h: plan.tileHeight } }, 32, 32)
        )
        const upright = base32[video.baseFrameAt(t) ?? 0]!
        expect(psnr(tile, upright), `tile ${k} (${t.toFixed(3)} s) of the clip at ${range.startTime} s`).toBeGreaterThanOrEqual(video.minPsnr.tile)
      }
    }

    const middle = ranges[1]!
    const [keyframe] = yield* media.extractKeyframes(master.path, KeyframePlan.plan({ start: middle.startTime, end: middle.endTime, fps: info.fps }, "midpoint"))
    expect(keyframe!.height > keyframe!.width, "an upright keyframe").toBe(video.height > video.width)
    const still = yield* promise(() => lumaOf(jpegFile(scratch, keyframe!.bytes), { frame: 0 }, 32, 32))
    // A keyframe at a time between two frames may show either of them.
    const near = video.baseFrameAt(keyframe!.time)!
    const candidates = [base32[near]!, base32[near + 1]!]
    expect(Math.max(...candidates.map((c) => psnr(still, c))), `keyframe at ${keyframe!.time} s`).toBeGreaterThanOrEqual(video.minPsnr.frame)

    const exported = yield* media.exportClip(master.path, { ...ExportPlan.plan(middle, info.fps), mode: "reencode" })
    const first = video.baseFrameAt(middle.startTime)!
    const last = video.baseFrameAt(middle.endTime - 1 / video.base.fps)!
    const held = Array.from({ length: last - first + 1 }, (_, i) => first + i).filter((f) => !video.dropped(f))
    expect(decodedFrames(exported), "the export holds exactly its clip's frames").toBe(held.length)
    const opening = yield* promise(() => lumaOf(exported, { frame: 0 }))
    expect(psnr(opening, base64[first]!), "the export opens on the clip's first frame").toBeGreaterThanOrEqual(video.minPsnr.frame)
  })

/**
 * The suite of `properties`, each variant one test on the real ffmpeg adapter over a temp
 * directory removed afterwards; `more` adds a file's own tests on the same adapter.
 */
export const suite = (title: string, properties: ReadonlyArray<Property>, more?: (it: Vitest.MethodsNonLive<Media.Media>) => void) => {
  const root = mkdtempSync(join(tmpdir(), "heaters-realworld-test-"))
  const scratch = mkdtempSync(join(tmpdir(), "heaters-realworld-scratch-"))
  afterAll(() => {
    rmSync(root, { recursive: true, force: true })
    rmSync(scratch, { recursive: true, force: true })
  })
  describe(title, () => {
    it.layer(FfmpegMedia.layer({ tempDir: root }))((it) => {
      for (const property of properties) {
        it.scoped(`${property}: clips on the true cuts, upright sheets and keyframes, exports with exactly their frames`, () => checkVariant(property, scratch), 120_000)
      }
      more?.(it)
    })
  })
}

