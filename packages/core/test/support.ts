/**
 * Test wiring: the facade over the memory adapters, and synthetic videos placed at local paths.
 */
import { PipelineConfig, Heaters } from "@heaters/core"
import * as Memory from "@heaters/adapters/memory"
import { Effect, Layer } from "effect"

export type Video = ConstructorParameters<typeof Memory.SyntheticVideo>[0]

export const layer = (config: PipelineConfig.Input = {}, memory: Memory.Options = {}) =>
  Heaters.layer.pipe(Layer.provideMerge(Layer.mergeAll(Memory.layer(memory), PipelineConfig.layer({ commitDelay: 60_000, ...config }))))

/** Places a synthetic video at a local path and returns the path. */
export const place = (path: string, video: Video) =>
  Effect.map(Memory.MemoryFiles.Files, (files) => {
    files.write(path, Memory.videoBytes(video))
    return path
  })

/** 30 fps, 640×360, one scene per entry of `seconds` with looks 1, 2, 3, … */
export const scenes = (seconds: ReadonlyArray<number>, extra: Partial<Video> = {}): Video => ({
  fps: 30,
  width: 640,
  height: 360,
  scenes: seconds.map((s, i) => ({ seconds: s, look: i + 1 })) as unknown as Video["scenes"],
  ...extra
})

/** Submits a synthetic video at `path` and runs the pipeline until idle. */
export const ingest = (path: string, video: Video) =>
  Effect.gen(function* () {
    const heaters = yield* Heaters.Heaters
    yield* place(path, video)
    const submitted = yield* heaters.submit(path)
    yield* heaters.drain
    return { video: yield* heaters.video(submitted.id), clips: yield* heaters.clips(submitted.id) }
  })
