/**
 * `extractKeyframes` (docs/pipeline.md#keyframe): one JPEG per planned shot, by time
 * (`-ss t -frames:v 1 -q:v 2`). A shot that lands on a black or blank frame (a fade, a flash) is
 * nudged forward to the first frame with content, within a short window inside the clip. The
 * `best` strategy picks among candidates around each time instead (`keyframesBest.ts`).
 *
 * @since 0.1.0
 */
import type { KeyframePlan } from "@heaters/core/pipeline"
import { Media } from "@heaters/core"
import { Effect } from "effect"
import type { Binaries } from "./binaries.js"
import type { Runtime } from "./context.js"
import { quiet } from "./context.js"
import { jpegSize } from "./jpeg.js"
import { bestKeyframes } from "./keyframesBest.js"
import { meanAndStd } from "./detectors/features.js"
import { viewPrefix } from "./picture.js"
import { probe } from "./probe.js"
import { collect, render } from "./process.js"
import { checkRange } from "./requests.js"

const PROBE_W = 32
const PROBE_H = 18
/** How far a shot may be nudged, in seconds. */
const MAX_NUDGE_SECONDS = 2

/** A flat, nearly black or nearly white 8-bit luma image. @since 0.1.0 */
export const isBlank = (gray: Uint8Array): boolean => {
  const { mean, std } = meanAndStd(gray)
  return std < 6 && (mean < 28 || mean > 228)
}

/** Seconds from `t` to the first non-blank frame within `window` (0 when `t` is fine or all are blank). */
const nudge = (bins: Binaries, path: string, t: number, window: number, fps: number, view: string) =>
  Effect.gen(function*() {
    if (window <= 0) return 0
    const args = [...quiet, "-ss", t.toFixed(6), "-t", window.toFixed(6), "-i", path, "-map", "0:v:0", "-vf", `${view}scale=${PROBE_W}:${PROBE_H},format=gray`, "-fps_mode", "passthrough", "-f", "rawvideo", "pipe:1"]
    const { stdout } = yield* collect(bins.ffmpeg, args, "extractKeyframes")
    const size = PROBE_W * PROBE_H
    for (let i = 0; (i + 1) * size <= stdout.length; i++) {
      if (!isBlank(stdout.subarray(i * size, (i + 1) * size))) return i / fps
    }
    return 0
  })

/** @since 0.1.0 */
export const extractKeyframes = (rt: Runtime, path: string, plan: KeyframePlan.KeyframePlan): Effect.Effect<ReadonlyArray<Media.KeyframeImage>, Media.MediaError> =>
  Effect.gen(function*() {
    const bins = yield* rt.binaries
    const info = yield* probe(bins, path, rt)
    yield* checkRange("extractKeyframes", info, plan.start, plan.end)
    if (plan.shots.length === 0) return yield* Effect.fail(new Media.InvalidMediaRequest({ operation: "extractKeyframes", reason: "the plan has no shots" }))
    for (const shot of plan.shots) {
      if (!(shot.time >= plan.start && shot.time < plan.end)) {
        return yield* Effect.fail(new Media.InvalidMediaRequest({ operation: "extractKeyframes", reason: `shot ${shot.tag} at ${shot.time} s is outside [${plan.start}, ${plan.end})` }))
      }
    }
    const view = viewPrefix(info, yield* rt.filters)
    if (plan.strategy === "best") return yield* bestKeyframes(rt, path, plan, info, view)
    const last = Math.min(plan.end, info.durationSeconds) - 1 / info.fps
    const images: Array<Media.KeyframeImage> = []
    for (const shot of plan.shots) {
      if (!(shot.time >= plan.start && shot.time < plan.end)) {
        return yield* Effect.fail(new Media.InvalidMediaRequest({ operation: "extractKeyframes", reason: `shot ${shot.tag} at ${shot.time} s is outside [${plan.start}, ${plan.end})` }))
      }
      const start = Math.min(shot.time, Math.max(plan.start, last))
      const time = start + (yield* nudge(bins, path, start, Math.min(MAX_NUDGE_SECONDS, last - start), info.fps, view))
      const args = [...quiet, "-ss", time.toFixed(6), "-i", path, "-map", "0:v:0", "-vf", `${view}null`, "-frames:v", "1", "-q:v", "2", "-f", "image2pipe", "-c:v", "mjpeg", "pipe:1"]
      const { stdout } = yield* collect(bins.ffmpeg, args, "extractKeyframes")
      const size = jpegSize(stdout)
      if (size === undefined) {
        return yield* Effect.fail(new Media.MediaFailed({ operation: "extractKeyframes", command: render(bins.ffmpeg, args), exitCode: 0, stderr: `no frame at ${time} s` }))
      }
      images.push({
        tag: shot.tag,
        bytes: stdout,
        time: Math.round(time * 1000) / 1000,
        frameIndex: time === shot.time ? shot.frameIndex : Math.floor((time - plan.start) * plan.fps + 1e-6),
        width: size.width,
        height: size.height
      })
    }
    return images
  })
