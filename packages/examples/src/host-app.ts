/**
 * The README's host application, kept compiling and running (a test runs it).
 *
 * @since 0.1.0
 */
import { PipelineConfig, Heaters } from "@heaters/core"
import * as Memory from "@heaters/adapters/memory"
import { Effect, Layer } from "effect"

// Every port in memory; swap this one line for Embedded.layer({ dataDir: "./data" }) to go real.
const HeatersLive = Heaters.layer.pipe(Layer.provideMerge(Layer.mergeAll(Memory.layer(), PipelineConfig.layer())))

/** @since 0.1.0 */
export const program = Effect.gen(function* () {
  const heaters = yield* Heaters.Heaters
  const files = yield* Memory.MemoryFiles.Files // a pretend disk for the fake Media
  files.write("/videos/trip.mp4", Memory.videoBytes({ fps: 30, width: 1280, height: 720, scenes: [{ seconds: 4, look: 1 }, { seconds: 6, look: 2 }] }))
  yield* heaters.submit("/videos/trip.mp4") // enqueues the ingest job at once
  yield* heaters.drain // ingest → splice → sprite sheets
  for (const item of yield* heaters.review.next({ limit: 10 })) {
    yield* heaters.review.act(item.clip.id, { action: "approve" })
  }
  return yield* heaters.status // { clips: { review_approved: 2 }, … }
}).pipe(Effect.provide(HeatersLive))

if (import.meta.url === `file://${process.argv[1]}`) Effect.runPromise(program).then((status) => console.log(status))
