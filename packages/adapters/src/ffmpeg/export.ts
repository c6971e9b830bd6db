/**
 * `exportClip`: a clip range as its own MP4 (approved clips; merge/split materialisation). Stream
 * copy when the range starts on a keyframe (lossless, instant); otherwise an accurate re-encode,
 * because a copy could only start at the previous keyframe.
 *
 * @since 0.1.0
 */
import { rm } from "node:fs/promises"
import { join } from "node:path"
import type { ExportPlan } from "@heaters/core/pipeline"
import { Media } from "@heaters/core"
import type { Scope } from "effect"
import { Effect, Either, Schema } from "effect"
import type { Binaries } from "./binaries.js"
import type { Runtime } from "./context.js"
import { quiet } from "./context.js"
import { probe } from "./probe.js"
import { collect, scratchDir } from "./process.js"
import { checkRange, seekPoint } from "./requests.js"

const Packets = Schema.parseJson(Schema.Struct({
  packets: Schema.optionalWith(Schema.Array(Schema.Struct({ pts_time: Schema.optional(Schema.String), flags: Schema.optional(Schema.String) })), { default: () => [] }),
  format: Schema.optional(Schema.Struct({ start_time: Schema.optional(Schema.String) }))
}))

/** Is there a keyframe within half a frame of `start`? Reads only the packets around it. @since 0.1.0 */
export const startsOnKeyframe = (bins: Binaries, path: string, start: number, fps: number): Effect.Effect<boolean, Media.MediaError> =>
  Effect.gen(function*() {
    const args = ["-v", "error", "-select_streams", "v:0", "-read_intervals", `${Math.max(0, start - 1).toFixed(6)}%${(start + 1).toFixed(6)}`, "-show_entries", "packet=pts_time,flags:format=start_time", "-of", "json", path]
    const { stdout } = yield* collect(bins.ffprobe, args, "exportClip")
    const decoded = Schema.decodeUnknownEither(Packets)(Buffer.from(stdout).toString("utf8"))
    if (Either.isLeft(decoded)) return false
    // ffmpeg's -ss is relative to the file's start_time; packet times are absolute.
    const offset = Number(decoded.right.format?.start_time ?? 0) || 0
    return decoded.right.packets.some((p) => p.flags?.includes("K") === true && Math.abs(Number(p.pts_time) - offset - start) < 0.5 / fps)
  })

/** @since 0.1.0 */
export const exportClip = (rt: Runtime, path: string, plan: ExportPlan.ExportPlan): Effect.Effect<string, Media.MediaError, Scope.Scope> =>
  Effect.gen(function*() {
    const bins = yield* rt.binaries
    const info = yield* probe(bins, path, rt)
    yield* checkRange("exportClip", info, plan.start, plan.end)
    const fps = plan.fps > 0 ? plan.fps : info.fps
    const copy = plan.mode === "copy" || (plan.mode === "auto" && (yield* startsOnKeyframe(bins, path, plan.start, info.fps)))
    const dir = yield* scratchDir(rt.tempRoot, "heaters-export-", "exportClip")
    const out = join(dir, "clip.mp4")
    const duration = plan.end - plan.start
    const frames = Math.max(1, Math.round(duration * fps))
    const codecs = copy
      ? ["-c", "copy", "-avoid_negative_ts", "make_zero"]
      // Every source frame once, at its own time: MP4's default would re-time them to a constant
      // rate (or round them to 1 / fps), duplicating or dropping frames of a variable-rate source
      // and at the clip's edges.
      : ["-fps_mode", "passthrough", "-enc_time_base:v", "-1", "-c:v", "libx264", "-preset", "fast", "-crf", "20", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k"]
    const args = [
      ...quiet,
      // Copy starts at a keyframe found within half a frame of the start; a re-encode keeps exactly
      // the frames that begin in [start, end), whatever the frame rate does.
      "-ss", (copy ? plan.start : seekPoint(plan.start, info.fps)).toFixed(6), "-i", path,
      "-t", duration.toFixed(6), "-frames:v", String(frames),
      "-map", "0:v:0", "-map", "0:a:0?", ...codecs,
      "-movflags", "+faststart", "-f", "mp4", out
    ]
    // A failed export leaves no partial file behind, even before the caller's scope closes.
    yield* collect(bins.ffmpeg, args, "exportClip").pipe(Effect.tapError(() => Effect.promise(() => rm(out, { force: true }))))
    return out
  })
