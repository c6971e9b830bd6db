/**
 * `heaters work [--until-idle] [--data DIR] [--json]`: run the workers. Without `--until-idle` they
 * run (with the dispatcher) until interrupted; with it, the pipeline runs in this process until
 * nothing is runnable and no review grace period is still open — it waits them out, so approved
 * clips come out keyframed and embedded.
 *
 * @since 0.1.0
 */
import { Command, Options } from "@effect/cli"
import { Heaters } from "@heaters/core"
import { Effect } from "effect"
import { cliFetcher, dataDir, store } from "../../runtime.js"
import { drainUntilIdle } from "../idle.js"
import { data, json } from "../options.js"
import { note, print, printJson } from "../output.js"
import { withProgress } from "../progress.js"

/** The `heaters work` command. @since 0.1.0 */
export const work = Command.make(
  "work",
  {
    data,
    json,
    untilIdle: Options.boolean("until-idle").pipe(
      Options.withDescription("return once nothing is runnable and no undo grace period is open (waits them out)")
    )
  },
  (args) =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      if (!args.untilIdle) {
        yield* note("workers running (Ctrl+C to stop)")
        return yield* Effect.scoped(Effect.zipRight(heaters.runWorkers, Effect.never))
      }
      const result = yield* withProgress(drainUntilIdle)
      const status = yield* heaters.status
      if (args.json) yield* printJson({ jobs: result.jobs, stuck: result.stuck, status })
      else yield* print(`${result.jobs} jobs run; clips: ${Object.entries(status.clips).map(([s, n]) => `${s} ${n}`).join(", ") || "none"}`)
      if (result.stuck > 0) yield* note(`${result.stuck} reviewed clips are past their grace period but no stage took them`)
    }).pipe(Effect.provide(store(dataDir(args.data), args.untilIdle ? {} : { dispatchInterval: 2_000 }, cliFetcher)))
).pipe(Command.withDescription("run the workers (--until-idle: until nothing is left to do)"))
