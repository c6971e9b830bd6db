/**
 * `heaters demo [--data DIR] [--port N] [--no-serve]`: make a sample video (natural photographs
 * with camera moves and varied cuts, see `sample.ts`), ingest it on the store, then serve the
 * review page — the whole product in one command. Re-running reuses the ingested sample.
 *
 * @since 0.1.0
 */
import { join } from "node:path"
import { Command, Options } from "@effect/cli"
import { Heaters } from "@heaters/core"
import { Effect } from "effect"
import { dataDir, store } from "../../runtime.js"
import { ensureSample } from "../../sample.js"
import { data } from "../options.js"
import { print } from "../output.js"
import { drainWithProgress } from "../progress.js"
import { port, serveForever } from "./serve.js"

/** The `heaters demo` command. @since 0.1.0 */
export const demo = Command.make(
  "demo",
  { data, port, noServe: Options.boolean("no-serve").pipe(Options.withDescription("stop after ingesting (no server)")) },
  (args) =>
    Effect.gen(function* () {
      const dir = dataDir(args.data)
      const sample = yield* ensureSample(join(dir, "sample.mp4"))
      yield* Effect.gen(function* () {
        const heaters = yield* Heaters.Heaters
        yield* heaters.submit(sample).pipe(Effect.catchTag("DuplicateSource", () => Effect.void))
        yield* drainWithProgress
        yield* print(`${yield* heaters.review.pending} clips wait for review.`)
      }).pipe(Effect.provide(store(dir)))
      if (args.noServe) return
      // With --port 0 the server picks the port and logs it ("Listening on …").
      if (args.port !== 0) yield* print(`Review: http://127.0.0.1:${args.port}/   Search: http://127.0.0.1:${args.port}/search   (Ctrl+C to stop)`)
      return yield* serveForever(dir, args.port, "127.0.0.1")
    })
).pipe(Command.withDescription("ingest a generated sample video and open the review server"))
