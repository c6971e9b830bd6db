/**
 * `heaters status [--data DIR] [--json]`: videos and clips counted by state, and the jobs waiting
 * on each queue, as JSON (`--json` prints it on one line, for scripts).
 *
 * @since 0.1.0
 */
import { Command } from "@effect/cli"
import { Heaters } from "@heaters/core"
import { Effect } from "effect"
import { dataDir, store } from "../../runtime.js"
import { data, json } from "../options.js"
import { print, printJson } from "../output.js"

/** The `heaters status` command. @since 0.1.0 */
export const status = Command.make("status", { data, json }, (args) =>
  Effect.flatMap(Heaters.Heaters, (heaters) => heaters.status).pipe(
    Effect.flatMap((report) => (args.json ? printJson(report) : print(JSON.stringify(report, null, 2)))),
    Effect.provide(store(dataDir(args.data)))
  )
).pipe(Command.withDescription("count videos and clips by state, and queued jobs"))
