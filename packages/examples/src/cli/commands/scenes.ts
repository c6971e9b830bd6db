/**
 * `heaters scenes FILE [--detector NAME] [--threshold X] [--min-clip-seconds S] [--json]`: one
 * decode pass, candidates → `Cuts.suppress`, cuts printed. With `--json`, stdout holds exactly
 * `{"fps":…,"frames":…,"cuts":[{"frame":…,"time":…},…]}` (a contract our own checks rely on).
 *
 * @since 0.1.0
 */
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { Media } from "@heaters/core"
import { Cuts } from "@heaters/core/pipeline"
import { Effect } from "effect"
import type { Command } from "../main.js"
import { file, number, parse } from "./args.js"

/** @since 0.1.0 */
export const scenes: Command = {
  name: "scenes",
  summary: "detect scene cuts in a video",
  usage: "heaters scenes FILE [--detector NAME] [--threshold X] [--min-clip-seconds S] [--json]",
  run: (args) =>
    Effect.gen(function*() {
      const { values, positionals } = yield* parse(args, {
        detector: { type: "string" },
        threshold: { type: "string" },
        "min-clip-seconds": { type: "string" },
        json: { type: "boolean" }
      })
      const path = yield* file(positionals)
      const threshold = yield* number("threshold", values.threshold)
      const minClip = (yield* number("min-clip-seconds", values["min-clip-seconds"])) ?? 1
      const media = yield* Media.Media
      const analysis = yield* Effect.scoped(
        media.analyze(path, { detection: { detector: values.detector ?? "default", ...(threshold === undefined ? {} : { threshold }) }, sprite: null })
      )
      const { fps, frameCount } = analysis.info
      const cuts = Cuts.suppress(analysis.candidates, analysis.info, minClip).map((frame) => ({ frame, time: Cuts.seconds(frame, fps) }))
      if (values.json === true) {
        process.stdout.write(`${JSON.stringify({ fps, frames: frameCount, cuts })}\n`)
        return
      }
      process.stdout.write(`${path}: ${frameCount} frames at ${fps.toFixed(3)} fps, detector ${analysis.detector} (threshold ${analysis.threshold})\n`)
      const ranges = Cuts.ranges(cuts.map((c) => c.frame), analysis.info)
      for (const r of ranges) process.stdout.write(`  scene ${String(r.sceneIndex).padStart(3)}  frames ${r.startFrame}–${r.endFrame}  ${r.startTime.toFixed(3)}s–${r.endTime.toFixed(3)}s\n`)
    }).pipe(Effect.provide(FfmpegMedia.layer()))
}
