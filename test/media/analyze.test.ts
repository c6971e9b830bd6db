import { execFileSync } from "node:child_process"
import { mkdtempSync, readdirSync, statSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { Media } from "@heaters/core"
import { Cuts, SpritePlan } from "@heaters/core/pipeline"
import { Effect } from "effect"
import { generate, presets } from "../support/videos.js"
import { listFilters } from "../../packages/adapters/src/ffmpeg/filters.js"
import { jpegSize } from "../../packages/adapters/src/ffmpeg/jpeg.js"

const root = mkdtempSync(join(tmpdir(), "heaters-analyze-test-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const MediaLive = FfmpegMedia.layer({ tempDir: root })
const near = (found: ReadonlyArray<number>, want: number, tol = 1) => found.some((f) => Math.abs(f - want) <= tol)

describe("analyze (single pass)", () => {
  it.layer(MediaLive)((it) => {
    it.scoped("finds every hard cut within ±1 frame, no flash, one cut at a cross-fade's middle, clips tile the video", () =>
      Effect.gen(function*() {
        const media = yield* Media.Media
        const video = yield* generate(presets.mixed({ audio: true }))
        const a = yield* media.analyze(video.path, { detection: { detector: "default" }, sprite: null })
        expect(a.detector).toBe("adaptive")
        expect(a.scores.length).toBe(video.frames)
        expect(a.info.frameCount).toBe(video.frames)
        const cuts = Cuts.suppress(a.candidates, a.info, 1)
        for (const c of video.cuts) expect(near(cuts, c), `cut ${c} in ${cuts}`).toBe(true)
        for (const f of video.flashes) expect(cuts.filter((c) => c >= f.from - 1 && c <= f.to + 1)).toEqual([])
        const dissolve = video.transitions.find((t) => t.kind === "dissolve")!
        const inside = cuts.filter((c) => c >= dissolve.from - 2 && c <= dissolve.to + 2)
        expect(inside).toHaveLength(1)
        expect(Math.abs(inside[0]! - dissolve.frame)).toBeLessThanOrEqual(3)
        const fade = video.transitions.find((t) => t.kind === "fade")!
        expect(cuts.filter((c) => c >= fade.from && c < fade.to)).toHaveLength(1)
        const ranges = Cuts.ranges(cuts, a.info)
        expect(ranges[0]!.startFrame).toBe(0)
        expect(ranges[ranges.length - 1]!.endFrame).toBe(video.frames)
        for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.startFrame).toBe(ranges[i - 1]!.endFrame)
      }))

    it.scoped("the histogram baseline runs too (and shows why it is not the default)", () =>
      Effect.gen(function*() {
        const media = yield* Media.Media
        const video = yield* generate(presets.flash())
        const a = yield* media.analyze(video.path, { detection: { detector: "histogram" }, sprite: null })
        expect(a.detector).toBe("histogram")
        expect(a.threshold).toBe(0.3)
        const adaptive = yield* media.analyze(video.path, { detection: { detector: "adaptive" }, sprite: null })
        expect(adaptive.candidates).toEqual([])
      }))

    it.scoped("sheets come from the shared pass: real size == plan, tiles picked by time, temp tiles removed with the scope", () =>
      Effect.gen(function*() {
        const media = yield* Media.Media
        yield* sheetsFromThePass(media, "raw")
      }))
  })

  it.effect("past the raw-tile budget the pass keeps JPEG tiles, and the sheets are the same size", () =>
    Effect.gen(function*() {
      const media = yield* FfmpegMedia.make({ tempDir: root, rawTileBudgetBytes: 0 })
      yield* sheetsFromThePass(media, "jpeg")
    }))

  it.effect("sheets from raw and from JPEG tiles show the same pictures (consecutive and sparse tiles)", () =>
    Effect.gen(function*() {
      const video = yield* generate(presets.hardCuts({ width: 320, height: 180, fps: 30 }))
      const consecutive = SpritePlan.plan({ start: 2, end: 6, videoFps: 30, videoWidth: 320, videoHeight: 180 }, { tileWidth: 160, maxFps: 24, maxSheetPx: 16_000 })
      // What the plan does for long clips: fewer tiles per second, so every other tile or so.
      const sparse = { ...consecutive, fps: 10, frames: 40, cols: 8, rows: 5 }
      const sheetsWith = (budget: number) =>
        Effect.scoped(Effect.gen(function*() {
          const media = yield* FfmpegMedia.make({ tempDir: root, rawTileBudgetBytes: budget })
          const a = yield* media.analyze(video.path, { detection: { detector: "default" }, sprite: { maxFps: 24, tileWidth: 160 } })
          return [yield* a.sheet(consecutive), yield* a.sheet(sparse)] as const
        }))
      const raw = yield* sheetsWith(1 << 30)
      const jpeg = yield* sheetsWith(0)
      // Decode both to small grey images: one JPEG generation apart, they must still match closely.
      const grey = (bytes: Uint8Array) => execFileSync("ffmpeg", ["-v", "error", "-i", "pipe:0", "-vf", "scale=80:-2,format=gray", "-f", "rawvideo", "pipe:1"], { input: bytes })
      for (const i of [0, 1]) {
        expect([raw[i]!.width, raw[i]!.height]).toEqual([jpeg[i]!.width, jpeg[i]!.height])
        const a = grey(raw[i]!.bytes)
        const b = grey(jpeg[i]!.bytes)
        expect(a.length).toBe(b.length)
        let diff = 0
        for (let k = 0; k < a.length; k++) diff += Math.abs(a[k]! - b[k]!)
        expect(diff / a.length).toBeLessThan(4)
      }
      // The two plans cover the same 4 s with different tiles: their sheets are not the same picture.
      expect(Buffer.compare(Buffer.from(raw[0]!.bytes), Buffer.from(raw[1]!.bytes))).not.toBe(0)
    }))
})

describe("sprite tiles of the pass", () => {
  // The pass scales tiles with zscale where it can (8-bit 4:2:0, even sizes) and swscale otherwise;
  // either way a sheet must show the picture, colours and levels of the seek path's (renderSprite).
  it.effect("the adapter reads which filters its ffmpeg has", () =>
    Effect.gen(function*() {
      const filters = yield* listFilters("ffmpeg")
      for (const name of ["scale", "tile", "split", "zscale"]) expect(filters.has(name), name).toBe(true)
      expect(yield* listFilters(join(root, "no-such-ffmpeg"))).toEqual(new Set())
    }))

  const sources = [["yuv420p", "zscale"], ["yuv444p", "swscale"]] as const
  for (const [pixelFormat, path] of sources) {
    it.effect(`a ${pixelFormat} source (${path}): the pass's sheet matches renderSprite's in colour and level`, () =>
      Effect.gen(function*() {
        const media = yield* FfmpegMedia.make({ tempDir: root })
        const file = join(root, `bars-${pixelFormat}.mp4`)
        execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "smptehdbars=s=640x360:r=30:d=3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", pixelFormat, file])
        const plan = SpritePlan.plan({ start: 0, end: 2, videoFps: 30, videoWidth: 640, videoHeight: 360 }, { tileWidth: 160, maxFps: 24, maxSheetPx: 16_000 })
        const fromPass = yield* Effect.scoped(Effect.flatMap(
          media.analyze(file, { detection: { detector: "default" }, sprite: { maxFps: 24, tileWidth: 160 } }),
          (a) => a.sheet(plan)
        ))
        const fromSeek = yield* media.renderSprite(file, plan)
        expect([fromPass.width, fromPass.height]).toEqual([fromSeek.width, fromSeek.height])
        const rgb = (bytes: Uint8Array) => execFileSync("ffmpeg", ["-v", "error", "-i", "pipe:0", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], { input: bytes, maxBuffer: 1 << 26 })
        const a = rgb(fromPass.bytes)
        const b = rgb(fromSeek.bytes)
        let diff = 0
        for (let k = 0; k < a.length; k++) diff += Math.abs(a[k]! - b[k]!)
        // Measured: 2.3 (4:2:0 source) and 3.6 (4:4:4 source, whose seek-path sheet keeps full
        // chroma); the same sheet with its levels read as limited range differs by 10.5.
        expect(diff / a.length).toBeLessThan(6)
      }))
  }
})

describe("sheets (several clips in one render)", () => {
  it.effect("give exactly the sheets that sheet() gives one by one, in order, sparse plans included", () =>
    Effect.gen(function*() {
      const video = yield* generate(presets.hardCuts({ width: 320, height: 180, fps: 30 }))
      const settings = { tileWidth: 160, maxFps: 24, maxSheetPx: 16_000 }
      const at = (start: number, end: number) => SpritePlan.plan({ start, end, videoFps: 30, videoWidth: 320, videoHeight: 180 }, settings)
      const plans = [at(2, 4), at(0, 2), { ...at(1, 5), fps: 10, frames: 40, cols: 8, rows: 5 }, at(4, 6.5)]
      yield* Effect.scoped(Effect.gen(function*() {
        const media = yield* FfmpegMedia.make({ tempDir: root })
        const a = yield* media.analyze(video.path, { detection: { detector: "default" }, sprite: { maxFps: 24, tileWidth: 160 } })
        const together = yield* a.sheets(plans)
        const alone = yield* Effect.forEach(plans, (p) => a.sheet(p))
        expect(together.map((s) => s.plan)).toEqual(plans)
        for (const [i, s] of together.entries()) expect(Buffer.compare(Buffer.from(s.bytes), Buffer.from(alone[i]!.bytes)), `sheet ${i}`).toBe(0)
        // A plan outside the video fails the call with the request error, as sheet() does.
        const bad = yield* Effect.flip(a.sheets([plans[0]!, at(5, 60)]))
        expect(bad._tag).toBe("InvalidMediaRequest")
      }))
    }))
})

const sheetsFromThePass = (media: Media.MediaShape, kind: "raw" | "jpeg") =>
  Effect.gen(function*() {
    const video = yield* generate(presets.hardCuts({ width: 320, height: 180, fps: 30 }))
    yield* Effect.scoped(Effect.gen(function*() {
      const progress: Array<number> = []
      const a = yield* media.analyze(video.path, { detection: { detector: "default" }, sprite: { maxFps: 24, tileWidth: 160 } }, (f) => Effect.sync(() => progress.push(f)))
      expect(progress[progress.length - 1]).toBe(1)
      const ranges = Cuts.plan(a.candidates, a.info, 1)
      expect(ranges).toHaveLength(video.cuts.length + 1)
      for (const r of ranges) {
        const plan = SpritePlan.plan({ start: r.startTime, end: r.endTime, videoFps: a.info.fps, videoWidth: a.info.width, videoHeight: a.info.height }, { tileWidth: 160, maxFps: 24, maxSheetPx: 16_000 })
        const sheet = yield* a.sheet(plan)
        expect(jpegSize(sheet.bytes)).toEqual({ width: plan.cols * plan.tileWidth, height: plan.rows * plan.tileHeight })
        expect(sheet.width).toBe(plan.cols * 160)
        expect(sheet.height).toBe(plan.rows * plan.tileHeight)
      }
      // A lowered fps (what the plan does for long clips) still works: tiles chosen by time.
      const low = { ...SpritePlan.plan({ start: 0, end: 6, videoFps: 30, videoWidth: 320, videoHeight: 180 }), fps: 2, frames: 12, cols: 4, rows: 3 }
      const sheet = yield* a.sheet(low)
      expect([sheet.width, sheet.height]).toEqual([4 * low.tileWidth, 3 * low.tileHeight])
      const tiles = readdirSync(root).filter((d) => d.startsWith("heaters-tiles-"))
      expect(tiles).toHaveLength(1)
      const files = readdirSync(join(root, tiles[0]!))
      if (kind === "raw") {
        // One raw file: 160×90 YUV 4:2:0 per tile, 24 tiles per second.
        expect(files.sort()).toEqual(["tiles.yuv", "times.framecrc"])
        const count = statSync(join(root, tiles[0]!, "tiles.yuv")).size / (160 * 90 * 1.5)
        expect(count).toBeGreaterThan(video.durationSeconds * 24 - 2)
      } else {
        expect(files.filter((f) => f.endsWith(".jpg")).length).toBeGreaterThan(video.durationSeconds * 24 - 2)
      }
    }))
    expect(readdirSync(root)).toEqual([])
  })
