// The CommonJS entry points: require() both packages and run a review on the memory adapters.
const { Heaters, PipelineConfig } = require("@heaters/core")
const { Stages } = require("@heaters/core/pipeline")
const Memory = require("@heaters/adapters/memory")
const { Effect, Layer } = require("effect")

const live = Heaters.layer.pipe(Layer.provideMerge(Layer.mergeAll(Memory.layer(), PipelineConfig.layer())))
const program = Effect.gen(function* () {
  const heaters = yield* Heaters.Heaters
  const files = yield* Memory.MemoryFiles.Files
  files.write("/v.mp4", Memory.videoBytes({ fps: 30, width: 640, height: 360, scenes: [{ seconds: 3, look: 1 }, { seconds: 3, look: 2 }] }))
  yield* heaters.submit("/v.mp4")
  yield* heaters.drain
  return { pending: yield* heaters.review.pending, stages: Object.keys(Stages).length > 0 }
})
Effect.runPromise(program.pipe(Effect.provide(live))).then((r) => console.log(JSON.stringify(r)))
