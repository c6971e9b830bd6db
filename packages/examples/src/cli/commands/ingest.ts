/**
 * `heaters ingest FILE|URL [--data DIR] [--min-clip-seconds S] [--json]`: submit a file or an
 * http(s) URL and run the pipeline until its clips wait for review. Progress on stderr; on stdout
 * one summary line, or with `--json` `{"video":…,"clips":[…]}`. Exit code 1 when the video did not
 * end `spliced`.
 *
 * @since 0.1.0
 */
import { Args, Command, Options } from "@effect/cli"
import { Heaters } from "@heaters/core"
import { Effect, Option } from "effect"
import { cliFetcher, dataDir, store } from "../../runtime.js"
import { CommandFailed } from "../errors.js"
import { data, json, number } from "../options.js"
import { print, printJson } from "../output.js"
import { drainWithProgress } from "../progress.js"

/** The `heaters ingest` command. @since 0.1.0 */
export const ingest = Command.make(
  "ingest",
  {
    source: Args.text({ name: "FILE|URL" }).pipe(Args.withDescription("a local video file or an http(s) URL")),
    data,
    json,
    minClipSeconds: number("min-clip-seconds", "S").pipe(Options.withDescription("shortest clip in seconds (default 1)"), Options.optional)
  },
  (args) =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const submitted = yield* heaters.submit(args.source)
      yield* drainWithProgress
      const video = yield* heaters.video(submitted.id)
      const clips = yield* heaters.clips(submitted.id)
      if (args.json) yield* printJson({ video, clips })
      else yield* print(`video ${video.id} "${video.title}": ${video.state}, ${clips.length} clips${video.lastError ? ` — ${video.lastError}` : ""}`)
      if (video.state !== "spliced") {
        return yield* new CommandFailed({ command: "ingest", message: `ingest ended in ${video.state}: ${video.lastError ?? ""}` })
      }
    }).pipe(
      Effect.provide(store(dataDir(args.data), Option.match(args.minClipSeconds, { onNone: () => ({}), onSome: (minClipSeconds) => ({ minClipSeconds }) }), cliFetcher))
    )
).pipe(Command.withDescription("ingest a video file or http(s) URL until its clips are ready for review"))
