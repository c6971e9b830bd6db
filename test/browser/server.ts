/**
 * The demo server on the embedded default (SQLite + local disk + ffmpeg + colour embedder) over a
 * temp directory, listening on a free port — started once per test file.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { HttpServer } from "@effect/platform"
import * as Embedded from "@heaters/adapters/embedded"
import { type PipelineConfig, Heaters } from "@heaters/core"
import { Context, Effect, Exit, Layer, Scope } from "effect"
import * as Server from "../../packages/examples/src/server/app.js"

export interface Running {
  readonly url: string
  readonly host: string
  readonly heaters: Heaters.Heaters
  readonly run: <A, E>(effect: Effect.Effect<A, E>) => Promise<A>
  readonly close: () => Promise<void>
}

export const start = async (
  pipeline: PipelineConfig.Input = {},
  serve: Server.ServeOptions = {},
  embedded: Omit<Embedded.Options, "dataDir" | "pipeline"> = {}
): Promise<Running> => {
  const dir = mkdtempSync(join(tmpdir(), "heaters-browser-"))
  const scope = Effect.runSync(Scope.make())
  const layer = Server.layer({ port: 0, uploadDir: join(dir, "uploads"), ...serve }).pipe(Layer.provideMerge(Heaters.layer), Layer.provideMerge(Embedded.layer({ ...embedded, dataDir: dir, pipeline })))
  const context = await Effect.runPromise(Layer.buildWithScope(layer, scope))
  const address = Context.get(context, HttpServer.HttpServer).address
  const port = address._tag === "TcpAddress" ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    host: address._tag === "TcpAddress" ? address.hostname : "",
    heaters: Context.get(context, Heaters.Heaters),
    run: (effect) => Effect.runPromise(effect),
    close: async () => {
      await Effect.runPromise(Scope.close(scope, Exit.void))
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
