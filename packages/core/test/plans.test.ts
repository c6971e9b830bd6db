import { Cuts, KeyframePlan, Keys, MergePlan, SplitPlan, SpritePlan } from "@heaters/core/pipeline"
import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck as fc } from "effect"

describe("cuts → ranges", () => {
  const timeline = { fps: 30, frameCount: 300 }

  it("suppresses a cut closer than minClipSeconds to the previous one, and a too-short tail", () => {
    expect(Cuts.suppress([45, 60, 200, 290], timeline, 1)).toEqual([45, 200])
    expect(Cuts.suppress([10], timeline, 1)).toEqual([])
    expect(Cuts.suppress([0, 300, -5, 999], timeline, 1)).toEqual([])
  })

  it("numbers scenes consecutively and times them to the millisecond", () => {
    expect(Cuts.plan([90, 150], { fps: 29.97, frameCount: 299 }, 1)).toEqual([
      { sceneIndex: 1, startFrame: 0, endFrame: 90, startTime: 0, endTime: 3.003 },
      { sceneIndex: 2, startFrame: 90, endFrame: 150, startTime: 3.003, endTime: 5.005 },
      { sceneIndex: 3, startFrame: 150, endFrame: 299, startTime: 5.005, endTime: 9.977 }
    ])
  })

  it("property: clips tile the video — no gaps, no overlaps — and respect the minimum length", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000 }),
        fc.constantFrom(24, 25, 29.97, 30, 60),
        fc.array(fc.integer({ min: -10, max: 21_000 }), { maxLength: 80 }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        (frameCount, fps, candidates, minClipSeconds) => {
          const ranges = Cuts.plan(candidates, { fps, frameCount }, minClipSeconds)
          expect(ranges[0]!.startFrame).toBe(0)
          expect(ranges[ranges.length - 1]!.endFrame).toBe(frameCount)
          const minFrames = Math.ceil(minClipSeconds * fps - 1e-9)
          ranges.forEach((r, i) => {
            expect(r.endFrame).toBeGreaterThan(r.startFrame)
            if (i > 0) expect(r.startFrame).toBe(ranges[i - 1]!.endFrame)
            if (ranges.length > 1) expect(r.endFrame - r.startFrame).toBeGreaterThanOrEqual(minFrames)
          })
        }
      )
    )
  })
})

describe("sprite plan", () => {
  const at = (seconds: number, fps = 30, width = 1920, height = 1080) =>
    SpritePlan.plan({ start: 10, end: 10 + seconds, videoFps: fps, videoWidth: width, videoHeight: height })

  it("keeps 480 px tiles, the aspect ratio (even height) and ≤ 24 fps for short clips", () => {
    const p = at(2)
    expect(p).toMatchObject({ tileWidth: 480, tileHeight: 270, fps: 24, frames: 48, cols: 5, rows: 10 })
    expect(at(2, 12).fps).toBe(12)
    expect(at(1, 30, 1080, 1920).tileHeight).toBe(852)
    expect(at(1, 30, 640, 481).tileHeight).toBe(360)
  })

  it("property: 1 s … 2 h clips never exceed 16 000 px in either direction and hold every frame", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.04, max: 7200, noNaN: true }), fc.constantFrom(23.976, 25, 30, 60), fc.constantFrom([1920, 1080], [1280, 720], [720, 1280], [640, 480]), (seconds, fps, [w, h]) => {
        const p = at(seconds, fps, w!, h!)
        expect(p.cols * p.tileWidth).toBeLessThanOrEqual(16_000)
        expect(p.rows * p.tileHeight).toBeLessThanOrEqual(16_000)
        expect(p.cols * p.rows).toBeGreaterThanOrEqual(p.frames)
        expect(p.fps).toBeLessThanOrEqual(24)
        expect(p.frames).toBeGreaterThanOrEqual(1)
      })
    )
  })

  it("lowers the sprite fps for a 2 h clip and says so in the player metadata", () => {
    const p = at(7200)
    expect(p.fps).toBeLessThan(1)
    const meta = SpritePlan.meta(p, { size: 1234, filename: "sprite.jpg" })
    expect(meta).toMatchObject({
      cols: p.cols,
      rows: p.rows,
      tile_width: 480,
      tile_height_calculated: 270,
      total_sprite_frames: p.frames,
      clip_fps: p.fps,
      clip_fps_source: 30,
      clip_total_frames_source: 216_000,
      video_duration: 7200,
      grid_dimensions: `${p.cols}x${p.rows}`,
      file_size: 1234
    })
  })

  it("writes one WebVTT cue per tile with its #xywh region", () => {
    const p = SpritePlan.plan({ start: 0, end: 0.5, videoFps: 4, videoWidth: 320, videoHeight: 180 })
    const vtt = SpritePlan.webVtt(p, "sprite.jpg")
    expect(vtt.startsWith("WEBVTT")).toBe(true)
    expect(vtt).toContain("00:00:00.000 --> 00:00:00.250\nsprite.jpg#xywh=0,0,480,270")
    expect(vtt).toContain("00:00:00.250 --> 00:00:00.500\nsprite.jpg#xywh=480,0,480,270")
  })

  it("renders sheets in batches of at most 400 Mpx, in order, an oversized sheet alone", () => {
    const clip = (seconds: number) => SpritePlan.plan({ start: 0, end: seconds, videoFps: 30, videoWidth: 1920, videoHeight: 1080 })
    // 5 s at 24 fps: 120 tiles of 480×270, 15.6 Mpx; 25 of them (389 Mpx) fit in a batch, 26 do not.
    expect(SpritePlan.pixels(clip(5))).toBe(120 * 480 * 270)
    const sizes = SpritePlan.batches(Array.from({ length: 60 }, () => clip(5)), SpritePlan.pixels).map((b) => b.length)
    expect(sizes).toEqual([25, 25, 10])
    const mixed = [10, 450, 160, 160, 120].map((mpx) => ({ mpx }))
    expect(SpritePlan.batches(mixed, (x) => x.mpx * 1e6).map((b) => b.map((x) => x.mpx))).toEqual([[10], [450], [160, 160], [120]])
    expect(SpritePlan.batches([], () => 1)).toEqual([])
  })
})

describe("split rule (docs/plans.md#split)", () => {
  const clip = { startFrame: 300, endFrame: 450, startTime: 10, endTime: 15, sourceFps: 30, fpsCandidates: [30] }

  it("maps a clip-relative 1-based frame to one absolute frame and time", () => {
    const plan = SplitPlan.plan(clip, 61, 0.5)
    expect(plan).toEqual(
      Either.right({
        frame: 61,
        absoluteFrame: 360,
        cutTime: 12,
        first: { startFrame: 300, endFrame: 360, startTime: 10, endTime: 12 },
        second: { startFrame: 360, endFrame: 450, startTime: 12, endTime: 15 }
      })
    )
  })

  it("refuses frames outside 2 … total − 1 and halves shorter than the minimum", () => {
    expect(Either.isLeft(SplitPlan.plan(clip, 1, 0.5))).toBe(true)
    expect(Either.isLeft(SplitPlan.plan(clip, 150, 0.5))).toBe(true)
    expect(Either.isRight(SplitPlan.plan(clip, 149, 0.01))).toBe(true)
    expect(SplitPlan.plan(clip, 10, 0.5)).toEqual(Either.left("each part must last at least 0.5 s (shorter part: 0.3 s)"))
    expect(Either.isLeft(SplitPlan.plan(clip, 2.5, 0.5))).toBe(true)
  })

  it("reads frames at the sprite's source fps first, then the fallbacks, then 30", () => {
    expect(SplitPlan.playerFps([undefined, 12, 25])).toBe(12)
    expect(SplitPlan.playerFps([null, 0, -1, NaN])).toBe(30)
    const at25 = SplitPlan.plan({ ...clip, fpsCandidates: [25] }, 51, 0.5)
    expect(Either.getOrThrow(at25).cutTime).toBe(12)
  })
})

describe("merge rule (docs/pipeline.md#merge)", () => {
  const span = (id: number, start: number, end: number, video = 1) => ({ id, sourceVideoId: video, startFrame: start, endFrame: end, startTime: start / 30, endTime: end / 30 })

  it("orders the pair by time whoever was previous and covers both", () => {
    const plan = Either.getOrThrow(MergePlan.plan(span(2, 90, 150), span(1, 0, 90)))
    expect([plan.first.id, plan.second.id, plan.startFrame, plan.endFrame]).toEqual([1, 2, 0, 150])
  })

  it("accepts ±1 frame of slack and refuses gaps, other videos and the clip itself", () => {
    expect(Either.isRight(MergePlan.plan(span(1, 0, 89), span(2, 90, 150)))).toBe(true)
    expect(MergePlan.plan(span(1, 0, 80), span(2, 90, 150))).toEqual(Either.left("clips are not adjacent (80 vs 90)"))
    expect(MergePlan.plan(span(1, 0, 90), span(2, 90, 150, 2))).toEqual(Either.left("clips belong to different source videos"))
    expect(Either.isLeft(MergePlan.plan(span(1, 0, 90), span(1, 0, 90)))).toBe(true)
  })
})

describe("storage keys (docs/storage.md#keys)", () => {
  it("slugs titles to safe ASCII, at most 80 characters, `video` when empty", () => {
    expect(Keys.slug("Café del Mar — Ibiza (2024)")).toBe("Cafe_del_Mar_Ibiza_2024")
    expect(Keys.slug("../../etc/passwd")).toBe("etc_passwd")
    expect(Keys.slug("..")).toBe("video")
    expect(Keys.slug("")).toBe("video")
    expect(Keys.slug("日本語のタイトル")).toBe("video")
    expect(Keys.slug("a".repeat(200))).toHaveLength(80)
    expect(Keys.slug("<script>alert(1)</script>")).toBe("script_alert_1_script")
  })

  it("property: every key is relative, without `..` segments or characters outside the safe set", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.integer({ min: 1, max: 1e9 }), (title, id) => {
        for (const key of [Keys.master(id, title), Keys.keyframe(id, id, title), Keys.exported(id, title)]) {
          expect(key.startsWith("/")).toBe(false)
          expect(key.split("/")).not.toContain("..")
          expect(key).toMatch(/^[A-Za-z0-9_./-]+$/)
        }
      })
    )
  })

  it("names sprites, keyframes and identifiers deterministically", () => {
    expect(Keys.sprite(3, 17)).toBe("videos/3/clips/17/sprite.jpg")
    expect(Keys.keyframe(3, 17, "25pct")).toBe("videos/3/clips/17/keyframes/25pct.jpg")
    expect(Keys.spliceIdentifier(12, 5)).toBe("12_clip_005")
    expect(Keys.mergeIdentifier(41, "12_clip_005")).toBe("merged_41_005")
    expect(Keys.splitIdentifier(12, 300, 360, 41)).toBe("12_300_360_c41")
  })
})

describe("keyframe plan (docs/pipeline.md#keyframe)", () => {
  it("picks 25/50/75 % by time for multi and the midpoint for midpoint", () => {
    const multi = KeyframePlan.plan({ start: 10, end: 14, fps: 30 }, "multi")
    expect(multi.shots).toEqual([
      { tag: "25pct", time: 11, frameIndex: 30 },
      { tag: "50pct", time: 12, frameIndex: 60 },
      { tag: "75pct", time: 13, frameIndex: 90 }
    ])
    expect(KeyframePlan.plan({ start: 0, end: 3, fps: 25 }, "midpoint").shots).toEqual([{ tag: "mid", time: 1.5, frameIndex: 37 }])
    expect(KeyframePlan.generationStrategyFor("midpoint")).toBe("keyframe_single")
    expect(KeyframePlan.generationStrategyFor("multi")).toBe("keyframe_multi_avg")
  })
})
