/**
 * `heaters scenes FILE [--detector NAME] [--threshold X] [--min-clip-seconds S] [--json]`: one
 * decode pass, candidates → `Cuts.suppress`, cuts printed. With `--json`, stdout holds exactly
 * `{"fps":…,"frames":…,"cuts":[{"frame":…,"time":…},…]}` (a contract our own checks rely on).
 * Works on a file only: no store is opened.
 *
 * @since 0.1.0
 */
import { Args, Command, Options } from "@effect/cli"
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { Media } from "@heaters/core"
import { Cuts } from "@heaters/core/pipeline"
import { Effect, Option } from "effect"
import { file, json, number } from "../options.js"
import { print, printJson } from "../output.js"

/** The `heaters scenes` command. @since 0.1.0 */
export const scenes = Command.make(
  "scenes",
  {
    path: file().pipe(Args.withDescription("a video file")),
    detector: Options.text("detector").pipe(Options.withPseudoName("NAME"), Options.withDescription("scene detector (default: the adapter's)"), Options.withDefault("default")),
    threshold: number("threshold", "X").pipe(Options.withDescription("the detector's decision threshold"), Options.optional),
    minClipSeconds: number("min-clip-seconds", "S").pipe(Options.withDescription("merge scenes shorter than this"), Options.withDefault(1)),
    json
  },
  (args) =>
    Effect.gen(function* () {
      const media = yield* Media.Media
      const threshold = Option.getOrUndefined(args.threshold)
      const analysis = yield* Effect.scoped(
        media.analyze(args.path, { detection: { detector: args.detector, ...(threshold === undefined ? {} : { threshold }) }, sprite: null })
      )
      const { fps, frameCount } = analysis.info
      const cuts = Cuts.suppress(analysis.candidates, analysis.info, args.minClipSeconds).map((frame) => ({ frame, time: Cuts.seconds(frame, fps) }))
      if (args.json) return yield* printJson({ fps, frames: frameCount, cuts })
      yield* print(`${args.path}: ${frameCount} frames at ${fps.toFixed(3)} fps, detector ${analysis.detector} (threshold ${analysis.threshold})`)
      const ranges = Cuts.ranges(cuts.map((c) => c.frame), analysis.info)
      yield* print(
        ...ranges.map((r) => `  scene ${String(r.sceneIndex).padStart(3)}  frames ${r.startFrame}–${r.endFrame}  ${r.startTime.toFixed(3)}s–${r.endTime.toFixed(3)}s`)
      )
    }).pipe(Effect.provide(FfmpegMedia.layer()))
).pipe(Command.withDescription("detect scene cuts in a video file"))
