/**
 * `heaters demo`: generate a sample video, ingest it on the embedded default, then serve the
 * review page — the whole product in one command.
 *
 * @since 0.1.0
 */
import { join } from "node:path"
import { Heaters } from "@heaters/core"
import { Effect } from "effect"
import { dataDir, embedded } from "../../runtime.js"
import { ensureSample } from "../../sample.js"
import type { Command } from "../main.js"
import { number, parse } from "./args.js"
import { drainWithProgress, serveForever } from "./pipeline.js"

/** @since 0.1.0 */
export const demo: Command = {
  name: "demo",
  summary: "ingest a generated sample video and open the review server",
  usage: "heaters demo [--data DIR] [--port 3000] [--no-serve]",
  run: (args) =>
    Effect.gen(function* () {
      const { values } = yield* parse(args, { data: { type: "string" }, port: { type: "string" }, "no-serve": { type: "boolean" } })
      const dir = dataDir(values.data)
      const port = (yield* number("port", values.port)) ?? 3000
      const sample = yield* ensureSample(join(dir, "sample.mp4"))
      yield* Effect.gen(function* () {
        const heaters = yield* Heaters.Heaters
        yield* heaters.submit(sample).pipe(Effect.catchTag("DuplicateSource", () => Effect.void))
        yield* drainWithProgress
        const pending = yield* heaters.review.pending
        process.stdout.write(`${pending} clips wait for review.\n`)
      }).pipe(Effect.provide(embedded(dir)))
      if (values["no-serve"] === true) return
      process.stdout.write(`Review: http://127.0.0.1:${port}/   Search: http://127.0.0.1:${port}/search   (Ctrl+C to stop)\n`)
      return yield* serveForever(dir, port, "127.0.0.1")
    })
}
