/**
 * `heaters serve [--data DIR] [--port N] [--host H]`: the workers, the dispatcher and the demo
 * server (review and search pages, HTTP API) until interrupted (Ctrl+C).
 *
 * @since 0.1.0
 */
import { join } from "node:path"
import { Command, Options } from "@effect/cli"
import { Heaters } from "@heaters/core"
import { Effect, Layer } from "effect"
import * as Server from "../../server/app.js"
import { dataDir, store } from "../../runtime.js"
import { data, nonNegativeInt } from "../options.js"

/** The server plus the workers over the store in `dir`, until interrupted. @since 0.1.0 */
export const serveForever = (dir: string, port: number, host: string) =>
  Layer.launch(
    Layer.scopedDiscard(Effect.flatMap(Heaters.Heaters, (h) => h.runWorkers)).pipe(
      // Uploads land beside the data they become, not in the machine's temp directory.
      Layer.merge(Server.layer({ port, host, uploadDir: join(dir, "uploads") })),
      Layer.provide(store(dir, { dispatchInterval: 2_000 }))
    )
  )

/** `--port N` (default 3000; 0 picks a free port, logged as "Listening on …"). @since 0.1.0 */
export const port = nonNegativeInt("port").pipe(Options.withDescription("HTTP port (0: any free port)"), Options.withDefault(3000))

/** The `heaters serve` command. @since 0.1.0 */
export const serve = Command.make(
  "serve",
  { data, port, host: Options.text("host").pipe(Options.withPseudoName("HOST"), Options.withDescription("address to listen on"), Options.withDefault("127.0.0.1")) },
  (args) => serveForever(dataDir(args.data), args.port, args.host)
).pipe(Command.withDescription("run the workers and the review/search server"))
