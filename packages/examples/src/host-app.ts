/**
 * The README's host application, from a video to a similarity search. A test runs it on the
 * workspace, and the consumer test runs it from the packed tarballs.
 *
 * @since 0.1.0
 */
import { Heaters, PipelineConfig } from "@heaters/core"
import * as Memory from "@heaters/adapters/memory"
import { Effect, Layer } from "effect"

// Every port in memory; swap Memory.layer() for Embedded.layer({ dataDir: "./data" }) to go real.
// No undo grace period here, so approved clips are embedded on the next drain.
const HeatersLive = Heaters.layer.pipe(
  Layer.provideMerge(Layer.mergeAll(Memory.layer(), PipelineConfig.layer({ commitDelay: 0 })))
)

/** @since 0.1.0 */
export const program = Effect.gen(function* () {
  const heaters = yield* Heaters.Heaters
  const files = yield* Memory.MemoryFiles.Files // a pretend disk for the fake Media
  files.write("/videos/trip.mp4", Memory.videoBytes({ fps: 30, width: 1280, height: 720, scenes: [{ seconds: 4, look: 1 }, { seconds: 6, look: 2 }, { seconds: 5, look: 1 }] }))
  yield* heaters.submit("/videos/trip.mp4") // enqueues the ingest job at once
  yield* heaters.drain // ingest → splice → sprite sheets
  const items = yield* heaters.review.next({ limit: 10 })
  for (const item of items) yield* heaters.review.act(item.clip.id, { action: "approve" })
  yield* heaters.drain // keyframes → embeddings
  const similar = yield* heaters.search.similar(items[0]!.clip.id, { pageSize: 5 })
  return { status: yield* heaters.status, similar }
}).pipe(Effect.provide(HeatersLive))

if (import.meta.url === `file://${process.argv[1]}`) {
  Effect.runPromise(program).then(({ similar, status }) => console.log(JSON.stringify({ status, similar })))
}
