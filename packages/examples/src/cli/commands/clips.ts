/**
 * `heaters clips [--video ID] [--state STATE] [--data DIR] [--json]`: clips with their state and
 * time range (seconds in the source). JSON: `[{"id","videoId","state","start","end"}]`, by id.
 *
 * @since 0.1.0
 */
import { Command, HelpDoc, Options, ValidationError } from "@effect/cli"
import { Catalog, Clip } from "@heaters/core"
import { Effect, Option } from "effect"
import { dataDir, store } from "../../runtime.js"
import { data, json, video } from "../options.js"
import { print, printJson, seconds, table } from "../output.js"

/** `--state STATE`, one of the clip states (listed in the help and in the error). @since 0.1.0 */
export const state = Options.text("state").pipe(
  Options.withPseudoName("STATE"),
  Options.withDescription(`only clips in this state: ${Clip.states.join(", ")}`),
  Options.mapEffect((raw) =>
    (Clip.states as ReadonlyArray<string>).includes(raw)
      ? Effect.succeed(raw as Clip.State)
      : Effect.fail(ValidationError.invalidValue(HelpDoc.p(`--state must be one of ${Clip.states.join(", ")}; got ${raw}`)))
  ),
  Options.optional
)

/** The `heaters clips` command. @since 0.1.0 */
export const clips = Command.make("clips", { data, json, video, state }, (args) =>
  Effect.gen(function* () {
    const catalog = yield* Catalog.Catalog
    const found = yield* catalog.listClips({
      ...(args.video === undefined ? {} : { sourceVideoId: args.video }),
      ...Option.match(args.state, { onNone: () => ({}), onSome: (s) => ({ states: [s] }) })
    })
    const rows = [...found]
      .sort((a, b) => a.id - b.id)
      .map((c) => ({ id: c.id, videoId: c.sourceVideoId, state: c.state, start: seconds(c.startTime), end: seconds(c.endTime) }))
    if (args.json) return yield* printJson(rows)
    if (rows.length === 0) return yield* print("no clips")
    yield* print(
      ...table([["ID", "VIDEO", "STATE", "START", "END"], ...rows.map((c) => [String(c.id), String(c.videoId), c.state, c.start.toFixed(3), c.end.toFixed(3)])])
    )
  }).pipe(Effect.provide(store(dataDir(args.data))))
).pipe(Command.withDescription("list clips with their state and time range"))
