/**
 * Gradual transitions on real ffmpeg output: photographs (Debian's mate-backgrounds) filmed by a
 * virtual camera, joined by dissolves, wipes and fades through white of 0.3–2 s. One cut per
 * transition, near its middle; none at all for camera motion, noise, exposure or lighting changes.
 */
import { describe, expect, it } from "@effect/vitest"
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { Cuts } from "@heaters/core/pipeline"
import { Effect } from "effect"
import type { Camera, TransitionKind, VideoSpec } from "../support/videos.js"
import { generate, photos, presets } from "../support/videos.js"

const size = { width: 320, height: 180, fps: 25 }

const cutsOf = (spec: VideoSpec) =>
  Effect.scoped(Effect.gen(function*() {
    const media = yield* FfmpegMedia.make()
    const video = yield* generate(spec)
    const a = yield* media.analyze(video.path, { detection: { detector: "default" }, sprite: null })
    return { video, raw: a.candidates, cuts: Cuts.suppress(a.candidates, a.info, 1) }
  }))

/**
 * Exactly one raw candidate (before the minimum-length suppression) for the video's one transition,
 * within a quarter of its half-length (at least 2 frames) of its middle.
 */
const oneCutNearMiddle = (spec: VideoSpec) =>
  Effect.gen(function*() {
    const { video, raw } = yield* cutsOf(spec)
    const t = video.transitions[0]!
    expect(raw, `candidates ${raw} for the ${t.kind} [${t.from}, ${t.to})`).toHaveLength(1)
    const tolerance = Math.max(2, Math.round(((t.to - t.from) / 2) * 0.25))
    expect(Math.abs(raw[0]! - t.frame), `cut ${raw[0]} vs middle ${t.frame}`).toBeLessThanOrEqual(tolerance)
  })

describe("gradual transitions: exactly one cut, at the middle", () => {
  const lengths = [0.3, 0.6, 1, 2]
  const cases: Array<[TransitionKind, number, "different" | "similar"]> = [
    ...lengths.flatMap((s) => (["different", "similar"] as const).map((look): [TransitionKind, number, "different" | "similar"] => ["dissolve", s, look])),
    ...[0.3, 2].flatMap((s) => (["different", "similar"] as const).flatMap((look) => (["wipe", "fadewhite"] as const).map((k): [TransitionKind, number, "different" | "similar"] => [k, s, look])))
  ]
  for (const [kind, seconds, look] of cases) {
    it.effect(`${kind} of ${seconds} s between ${look} shots`, () =>
      Effect.gen(function*() {
        const { video, raw } = yield* cutsOf(presets.transition(kind, seconds, look, size))
        const t = video.transitions[0]!
        // Raw candidates, before the minimum-length suppression: never two for one transition.
        expect(raw, `candidates ${raw} for ${kind} [${t.from}, ${t.to})`).toHaveLength(1)
        const half = (t.to - t.from) / 2
        // The middle of the change; a fade through white is cut at its white peak, which ffmpeg's
        // fadewhite puts in the first half.
        const tolerance = kind === "fadewhite" ? Math.max(3, half) : Math.max(2, Math.round(half * 0.25))
        expect(Math.abs(raw[0]! - t.frame), `cut ${raw[0]} vs middle ${t.frame}`).toBeLessThanOrEqual(tolerance)
      }), 60_000)
  }
})

describe("gradual transitions: nothing inside one shot", () => {
  const cameras: Array<[Camera, keyof typeof photos]> = [
    ["pan", "garden"], ["zoom", "dune"], ["whip", "garden"], ["whip", "flower"], ["shake", "flower"],
    ["walker", "dune"], ["exposure", "garden"], ["lighting", "flower"],
    // At 25 fps these pans advance in whole even pixels, so every fifth frame repeats the one before
    // (as 3:2 pulldown repeats film frames); the aqua photo is smooth, so the figure or the shake is
    // all the motion the estimate sees.
    ["pan", "ladybird"], ["pan", "flower"], ["shake", "aqua"], ["walker", "aqua"]
  ]
  for (const [camera, photo] of cameras) {
    it.effect(`${camera} (${photo})`, () =>
      Effect.gen(function*() {
        const { raw } = yield* cutsOf(presets.camera(camera, photo, size))
        expect(raw).toEqual([])
      }), 60_000)
  }

  it.effect("heavy sensor noise on a still shot", () =>
    Effect.gen(function*() {
      const { raw } = yield* cutsOf(presets.camera("still", "garden", { ...size, noise: 24 }))
      expect(raw).toEqual([])
    }), 60_000)

  it.effect("a camera flash during a pan", () =>
    Effect.gen(function*() {
      const { raw } = yield* cutsOf({ ...presets.camera("pan", "dune", size), flashes: [{ atSeconds: 2, frames: 2 }] })
      expect(raw).toEqual([])
    }), 60_000)
})

describe("gradual transitions between moving shots", () => {
  // 30 fps, as the benchmark's photograph files: both shots pan at a sixth of the width per second.
  const moving = { width: 320, height: 180, fps: 30 }

  for (const [seconds, look] of [[1, "different"], [0.6, "different"], [1, "similar"]] as const) {
    it.effect(`dissolve of ${seconds} s between two panning ${look} shots: one cut near its middle`, () =>
      oneCutNearMiddle(presets.transition("dissolve", seconds, look, moving, "pan")), 60_000)
  }

  // At 25 fps the pans advance in whole even pixels (a repeated frame every fifth), and inside a
  // dissolve between mirrored shots the measured motion is thrown off: E is close to S moved by it,
  // but the motion outside the window does not go on like that, so it is not taken for camera motion.
  it.effect("dissolve of 0.3 s between two panning similar shots at 25 fps: one cut near its middle", () =>
    oneCutNearMiddle(presets.transition("dissolve", 0.3, "similar", size, "pan")), 60_000)

  // The frames of a fade that are dim but not black, moved against the shot's full brightness, are
  // not a gain change that the still-shot test recognises: the fade rule alone gives its cut.
  for (const [camera, fps] of [["pan", 30], ["walker", 25], ["shake", 25]] as const) {
    it.effect(`fade through black between ${camera} shots at ${fps} fps: one cut, in the black`, () =>
      oneCutNearMiddle(presets.transition("fade", 1, "different", { ...moving, fps }, camera)), 60_000)
  }

  // The same camera motion, no transition: the pan continues through every window the dissolve
  // test looks at, and must not fire.
  for (const photo of ["storm", "meadow", "dune", "flower"] as const) {
    it.effect(`a pan that goes on (${photo}) gets no cut`, () =>
      Effect.gen(function*() {
        const { raw } = yield* cutsOf(presets.camera("pan", photo, moving))
        expect(raw).toEqual([])
      }), 60_000)
  }
})

describe("gradual transitions between shots with a subject walking through", () => {
  // 30 fps: a figure crosses both shots while they dissolve, so the picture just outside the window
  // is never still as a whole; only the cells the figure leaves alone are.
  const walking = { width: 320, height: 180, fps: 30 }

  for (const seconds of [0.3, 0.6, 1]) {
    for (const look of ["different", "similar"] as const) {
      it.effect(`dissolve of ${seconds} s between ${look} shots: one cut near its middle`, () =>
        oneCutNearMiddle(presets.transition("dissolve", seconds, look, walking, "walker")), 60_000)
    }
  }

  // Over 2 s the figure moves through different cells before and after the window; at 25 fps each
  // side on its own is still where most of the change is.
  it.effect("dissolve of 2 s between different shots at 25 fps: one cut near its middle", () =>
    oneCutNearMiddle(presets.transition("dissolve", 2, "different", size, "walker")), 60_000)

  // Windows that pass on and off while the figure moves (or the camera shakes): one transition
  // still gets one cut, where votes that chained only frame to frame split it in two.
  it.effect("wipe of 0.6 s between different shots: one cut near its middle", () =>
    oneCutNearMiddle(presets.transition("wipe", 0.6, "different", walking, "walker")), 60_000)
  it.effect("dissolve of 0.6 s between different shaking shots: one cut, inside it", () =>
    Effect.gen(function*() {
      const { video, raw } = yield* cutsOf(presets.transition("dissolve", 0.6, "different", walking, "shake"))
      const t = video.transitions[0]!
      expect(raw, `candidates ${raw} for the dissolve [${t.from}, ${t.to})`).toHaveLength(1)
      expect(raw[0]!).toBeGreaterThanOrEqual(t.from)
      expect(raw[0]!).toBeLessThan(t.to)
    }), 60_000)

  for (const photo of ["garden", "dune", "storm", "aqua"] as const) {
    it.effect(`the same figure crossing one shot (${photo}) gets no cut`, () =>
      Effect.gen(function*() {
        const { raw } = yield* cutsOf(presets.camera("walker", photo, walking))
        expect(raw).toEqual([])
      }), 60_000)
  }
})
