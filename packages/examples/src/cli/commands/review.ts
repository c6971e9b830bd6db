/**
 * `heaters review approve|skip|archive CLIP_ID… | --all-pending [--video ID]`: bulk curation from
 * the shell. Each clip gets the same reviewer action the review page sends (an event in the log,
 * undoable during the grace period). A clip that cannot take the action (already reviewed, not
 * found) is reported on stderr and the others still go through; the exit code is then 1.
 *
 * @since 0.1.0
 */
import { Command, Options } from "@effect/cli"
import { Catalog, Heaters, type Ids } from "@heaters/core"
import { Effect, Either } from "effect"
import { dataDir, store } from "../../runtime.js"
import { CommandFailed, UsageError } from "../errors.js"
import { clipIds, data, json, video } from "../options.js"
import { describeError } from "../describe.js"
import { note, print, printJson } from "../output.js"

type Verdict = "approve" | "skip" | "archive"

const targets = (action: Verdict, ids: ReadonlyArray<Ids.ClipId>, allPending: boolean, videoId: Ids.SourceVideoId | undefined) =>
  Effect.gen(function* () {
    const command = `review ${action}`
    if (ids.length > 0 && allPending) return yield* new UsageError({ command, message: "give CLIP_ID… or --all-pending, not both" })
    if (ids.length === 0 && !allPending) return yield* new UsageError({ command, message: "give one or more CLIP_IDs, or --all-pending" })
    if (videoId !== undefined && !allPending) return yield* new UsageError({ command, message: "--video goes with --all-pending" })
    if (!allPending) return ids
    const catalog = yield* Catalog.Catalog
    const pending = yield* catalog.listClips({ states: ["pending_review"], reviewed: false, ...(videoId === undefined ? {} : { sourceVideoId: videoId }) })
    return pending.map((c) => c.id).sort((a, b) => a - b)
  })

const verdict = (action: Verdict, summary: string) =>
  Command.make(
    action,
    {
      ids: clipIds,
      allPending: Options.boolean("all-pending").pipe(Options.withDescription("every clip still waiting for review")),
      video,
      data,
      json
    },
    (args) =>
      Effect.gen(function* () {
        const heaters = yield* Heaters.Heaters
        const ids = yield* targets(action, args.ids, args.allPending, args.video)
        const results = yield* Effect.forEach(ids, (id) =>
          heaters.review.act(id, { action }).pipe(
            Effect.either,
            Effect.map(Either.match({
              onLeft: (error) => ({ id, error: describeError(error) }),
              onRight: (changed) => ({ id, state: changed.find((c) => c.id === id)?.state ?? changed[0]?.state ?? "unknown" })
            }))
          )
        )
        const failed = results.filter((r) => "error" in r)
        if (args.json) yield* printJson(results)
        else if (results.length === 0) yield* print("no clips wait for review")
        else yield* print(...results.flatMap((r) => ("state" in r ? [`clip ${r.id}: ${r.state}`] : [])))
        if (!args.json) yield* note(...failed.map((r) => `clip ${r.id}: ${r.error}`))
        if (failed.length > 0) {
          return yield* new CommandFailed({ command: `review ${action}`, message: `${failed.length} of ${results.length} clips refused "${action}"` })
        }
      }).pipe(Effect.provide(store(dataDir(args.data))))
  ).pipe(Command.withDescription(summary))

/** The `heaters review` command. @since 0.1.0 */
export const review = Command.make("review", {}, () =>
  new UsageError({ command: "review", message: "give an action: approve, skip or archive" })
).pipe(
  Command.withDescription("approve, skip or archive clips from the shell"),
  Command.withSubcommands([
    verdict("approve", "approve clips (they are keyframed and embedded after the undo grace period)"),
    verdict("skip", "skip clips"),
    verdict("archive", "archive clips (their files are removed after the undo grace period)")
  ])
)
