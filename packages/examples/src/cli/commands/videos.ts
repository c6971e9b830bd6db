/**
 * `heaters videos [--data DIR] [--json]`: every source video with its state. JSON:
 * `[{"id","title","state"}]`, oldest first.
 *
 * @since 0.1.0
 */
import { Command } from "@effect/cli"
import { Catalog } from "@heaters/core"
import { Effect } from "effect"
import { dataDir, store } from "../../runtime.js"
import { data, json } from "../options.js"
import { print, printJson, table } from "../output.js"

/** The `heaters videos` command. @since 0.1.0 */
export const videos = Command.make("videos", { data, json }, (args) =>
  Effect.gen(function* () {
    const catalog = yield* Catalog.Catalog
    const rows = (yield* catalog.listVideos({})).map((v) => ({ id: v.id, title: v.title, state: v.state }))
    if (args.json) return yield* printJson(rows)
    if (rows.length === 0) return yield* print("no videos")
    yield* print(...table([["ID", "STATE", "TITLE"], ...rows.map((v) => [String(v.id), v.state, v.title])]))
  }).pipe(Effect.provide(store(dataDir(args.data))))
).pipe(Command.withDescription("list source videos with their state"))
