// A host app on the embedded default (SQLite + local disk + ffmpeg), run from the installed
// tarballs: `node embedded-app.js VIDEO DATA_DIR` prints the status and a similarity search.
import { Heaters } from "@heaters/core"
import * as Embedded from "@heaters/adapters/embedded"
import { Effect, Layer } from "effect"

const [video, dataDir] = process.argv.slice(2) as [string, string]
const HeatersLive = Heaters.layer.pipe(
  Layer.provideMerge(Embedded.layer({ dataDir, pipeline: { commitDelay: 0, spriteTileWidth: 160 } }))
)

const program = Effect.gen(function* () {
  const heaters = yield* Heaters.Heaters
  yield* heaters.submit(video)
  yield* heaters.drain
  const items = yield* heaters.review.next({ limit: 20 })
  for (const item of items) yield* heaters.review.act(item.clip.id, { action: "approve" })
  yield* heaters.drain
  const similar = yield* heaters.search.similar(items[0]!.clip.id, { pageSize: 5 })
  return { status: yield* heaters.status, similar }
})

Effect.runPromise(program.pipe(Effect.scoped, Effect.provide(HeatersLive))).then(
  (result) => console.log(JSON.stringify(result)),
  (error) => {
    console.error(error)
    process.exitCode = 1
  }
)
