/** The `best` keyframe strategy on generated video with black and flash frames at the planned times. */
import { execFileSync } from "node:child_process"
import { rmSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { PipelineConfig } from "@heaters/core"
import { KeyframePlan } from "@heaters/core/pipeline"
import { Effect } from "effect"
import { generate, photos } from "../support/videos.js"

/** Mean and standard deviation of a JPEG's grey levels. */
const stats = (jpeg: Uint8Array) => {
  const g = execFileSync("ffmpeg", ["-v", "error", "-i", "pipe:0", "-vf", "scale=80:-2,format=gray", "-f", "rawvideo", "pipe:1"], { input: jpeg })
  const m = g.reduce((a, v) => a + v, 0) / g.length
  return { mean: m, std: Math.sqrt(g.reduce((a, v) => a + (v - m) ** 2, 0) / g.length) }
}

describe("keyframes: best", () => {
  it("is the default for embeddings, with a matching generation strategy", () => {
    expect(PipelineConfig.defaults.keyframeStrategy).toBe("best")
    expect(PipelineConfig.defaults.generationStrategy).toBe(KeyframePlan.generationStrategyFor("best"))
    expect(KeyframePlan.plan({ start: 0, end: 4, fps: 25 }, "best").searchSeconds).toBe(0.5)
  })

  it.effect("never picks a black or a flash frame, even when every planned time lands on one", () =>
    Effect.gen(function*() {
      const media = yield* FfmpegMedia.make()
      // 25 fps: a fade through black whose hold is at the 50 % time, flashes at the 25 % and 75 % times.
      const video = yield* generate({
        width: 320, height: 180, fps: 25,
        shots: [
          { source: `image:${photos.garden}`, seconds: 2, camera: "pan" },
          { source: `image:${photos.flower}`, seconds: 2, camera: "pan", transition: "fade" }
        ],
        flashes: [{ atSeconds: 0.95, frames: 4 }, { atSeconds: 3.1, frames: 4 }]
      })
      const plan = KeyframePlan.plan({ start: 0, end: video.durationSeconds, fps: 25 }, "best")
      const fade = video.transitions[0]!
      const blackHold = { from: fade.frame - 2, to: fade.frame + 3 }
      // The plan really does land on them.
      const frameOf = (t: number) => Math.floor(t * 25)
      const inside = (f: number, r: { from: number; to: number }) => f >= r.from && f < r.to
      expect(inside(frameOf(plan.shots[0]!.time), video.flashes[0]!)).toBe(true)
      expect(inside(frameOf(plan.shots[1]!.time), blackHold)).toBe(true)
      expect(inside(frameOf(plan.shots[2]!.time), video.flashes[1]!)).toBe(true)

      const shots = yield* media.extractKeyframes(video.path, plan)
      expect(shots.map((s) => s.tag)).toEqual(["25pct", "50pct", "75pct"])
      for (const s of shots) {
        const { mean, std } = stats(s.bytes)
        expect(mean, `${s.tag} at ${s.time} s`).toBeGreaterThan(40)
        expect(mean, `${s.tag} at ${s.time} s`).toBeLessThan(215)
        expect(std, `${s.tag} at ${s.time} s is flat`).toBeGreaterThan(10)
        expect([s.width, s.height]).toEqual([320, 180])
        for (const f of video.flashes) expect(inside(frameOf(s.time), { from: f.from - 1, to: f.to + 1 })).toBe(false)
        expect(Math.abs(s.time - plan.shots.find((p) => p.tag === s.tag)!.time)).toBeLessThanOrEqual(0.5 + 1e-6)
      }
    }), 60_000)

  it.effect("prefers a sharp frame to a blurred one", () =>
    Effect.gen(function*() {
      const media = yield* FfmpegMedia.make()
      // A still photograph, blurred except for the last half second.
      const video = yield* generate({ width: 320, height: 180, fps: 25, noise: 2, shots: [{ source: `image:${photos.wood}`, seconds: 3 }] })
      const blurred = `${video.path}.${process.pid}.blur.mp4`
      execFileSync("ffmpeg", ["-v", "error", "-y", "-i", video.path, "-vf", "gblur=sigma=6:enable='lt(t,2.5)'", "-c:v", "libx264", "-preset", "ultrafast", blurred])
      const plan = { ...KeyframePlan.plan({ start: 0, end: 3, fps: 25 }, "best"), shots: [{ tag: "mid", time: 2.2, frameIndex: 55 }] }
      const [shot] = yield* media.extractKeyframes(blurred, plan).pipe(Effect.ensuring(Effect.sync(() => rmSync(blurred, { force: true }))))
      expect(shot!.time).toBeGreaterThanOrEqual(2.5)
    }), 60_000)
})
