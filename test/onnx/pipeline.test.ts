/**
 * The ONNX embedder in the pipeline. On the memory adapters (whose fake keyframes are no images):
 * a failing embedding leaves the clip `embedding_failed` with the embedder's reason and touches
 * nothing else; with real keyframes the same clip embeds. On the embedded default (SQLite + fs +
 * ffmpeg) with `clipModelDir`: an approved clip of a generated video flows keyframe → embed with
 * the model's name, version and dimension, and `embedText` answers in the same space.
 */
import { join } from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import * as Color from "@heaters/adapters/color"
import * as Embedded from "@heaters/adapters/embedded"
import * as Memory from "@heaters/adapters/memory"
import * as Onnx from "@heaters/adapters/onnx"
import { BlobStore, Catalog, Embedder, Embedding, Heaters, PipelineConfig } from "@heaters/core"
import { ConfigProvider, Effect, Layer, TestClock } from "effect"
import { writeModelDir } from "../support/onnx-models.js"
import { generate } from "../support/videos.js"
import { noiseImage, norm, tempDir } from "./support.js"

const temp = tempDir("heaters-onnx-pipeline-")
afterAll(temp.dispose)
const modelDir = writeModelDir(join(temp.dir, "tiny-clip"), { layout: "huggingface" })

describe("ONNX embedder in the pipeline", () => {
  it.scoped("memory adapters: an embedding failure marks only that clip embedding_failed with the reason; fixed keyframes then embed", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const catalog = yield* Catalog.Catalog
      const blobs = yield* BlobStore.BlobStore
      const embedder = yield* Embedder.Embedder
      expect(embedder.model.name).toBe("tiny-clip") // the ONNX embedder, not the memory one
      const files = yield* Memory.MemoryFiles.Files
      files.write("/in/a.mp4", Memory.videoBytes({ fps: 30, width: 640, height: 360, scenes: [{ seconds: 2, look: 1 }, { seconds: 2, look: 2 }, { seconds: 2, look: 3 }] }))
      const video = yield* heaters.submit("/in/a.mp4")
      yield* heaters.drain
      const [a, b, c] = yield* heaters.clips(video.id)
      yield* heaters.review.act(a!.id, { action: "approve" })
      yield* heaters.review.act(b!.id, { action: "approve" })
      yield* TestClock.adjust("61 seconds")
      yield* heaters.drain

      for (const clip of [a!, b!]) {
        const row = yield* heaters.clip(clip.id)
        expect(row).toMatchObject({ state: "embedding_failed", retryCount: 1 })
        // All three keyframes are undecodable; whichever decode fails first is named.
        expect(row.lastError).toMatch(/^embedding with tiny-clip failed: image [1-3] of 3 is not a decodable image \(Input buffer contains unsupported image format\)$/)
        expect(yield* catalog.listEmbeddings(clip.id)).toEqual([])
        expect((yield* catalog.listArtifacts(clip.id)).filter((x) => x.type === "keyframe")).toHaveLength(3)
      }
      expect((yield* heaters.clip(c!.id)).state).toBe("pending_review")
      expect((yield* heaters.video(video.id)).state).toBe("spliced")

      // Real images under clip a's keyframe keys: after a manual retry it embeds.
      const keyframes = (yield* catalog.listArtifacts(a!.id)).filter((x) => x.type === "keyframe").sort((x, y) => Number(x.metadata["frame_index"]) - Number(y.metadata["frame_index"]))
      const images = yield* Effect.forEach(keyframes, (k, i) => Effect.promise(() => noiseImage(64, 36, 500 + i)))
      yield* Effect.forEach(keyframes, (k, i) => blobs.put(k.key, images[i]!, "image/png"))
      yield* heaters.retry.clip(a!.id)
      yield* TestClock.adjust("2 minutes")
      yield* heaters.drain
      expect(yield* heaters.clip(a!.id)).toMatchObject({ state: "embedded", lastError: null })
      const [stored] = yield* catalog.listEmbeddings(a!.id)
      expect(stored).toMatchObject({ modelName: "tiny-clip", modelVersion: embedder.model.version, dim: 32, generationStrategy: "keyframe_best_avg" })
      const expected = Embedding.aggregate(yield* embedder.embed(images), true)
      stored!.vector.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 5))
      expect(norm(stored!.vector)).toBeCloseTo(1, 6)
      expect((yield* heaters.clip(b!.id)).state).toBe("embedding_failed")
      expect((yield* heaters.clip(c!.id)).state).toBe("pending_review")
    }).pipe(
      Effect.provide(
        Heaters.layer.pipe(
          Layer.provideMerge(
            Layer.mergeAll(Memory.layer(), Onnx.layer({ modelDir }), PipelineConfig.layer({ embeddingModel: "tiny-clip", commitDelay: 60_000 }))
          )
        )
      )
    ))

  it.scopedLive("embedded default with clipModelDir: an approved clip flows keyframe → embed with the model's name, version and dim", () =>
    Effect.gen(function* () {
      const source = yield* generate({ width: 320, height: 180, shots: [{ source: "testsrc2", seconds: 3 }, { source: "smptebars", seconds: 3 }] })
      const heaters = yield* Heaters.Heaters
      const catalog = yield* Catalog.Catalog
      const embedder = yield* Embedder.Embedder
      const config = yield* PipelineConfig.Pipeline
      expect(config.embeddingModel).toBe("tiny-clip") // from the model, not the colour default
      expect(embedder.model.dim).toBe(32)
      const submitted = yield* heaters.submit(source.path)
      yield* heaters.drain
      const clips = yield* heaters.clips(submitted.id)
      expect(clips).toHaveLength(2)
      for (const clip of clips) yield* heaters.review.act(clip.id, { action: "approve" })
      yield* heaters.drain
      for (const clip of clips) {
        expect(yield* heaters.clip(clip.id)).toMatchObject({ state: "embedded", lastError: null })
        const [stored] = yield* catalog.listEmbeddings(clip.id)
        expect(stored).toMatchObject({ modelName: "tiny-clip", modelVersion: embedder.model.version, dim: 32 })
        expect(norm(stored!.vector)).toBeCloseTo(1, 6)
      }
      const [x, y] = yield* Effect.forEach(clips, (clip) => catalog.listEmbeddings(clip.id))
      expect(Embedding.cosineDistance(x![0]!.vector, y![0]!.vector)).toBeGreaterThan(1e-4) // different shots, different vectors
      const texts = yield* embedder.embedText!(["a red cat", "the dog"])
      expect(texts.map((t) => t.length)).toEqual([32, 32])
    }).pipe(
      Effect.provide(
        Heaters.layer.pipe(
          Layer.provideMerge(
            Embedded.layer({ dataDir: join(temp.dir, "data"), clipModelDir: modelDir, pipeline: { commitDelay: 0, spriteTileWidth: 160 } })
          )
        )
      )
    ), 120_000)

  it.effect("the embedded default takes the model directory from HEATERS_CLIP_MODEL_DIR, and stays on colours without it", () =>
    Effect.gen(function* () {
      const name = Effect.map(Embedder.Embedder, (e) => e.model.name)
      const fromEnv = Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["HEATERS_CLIP_MODEL_DIR", modelDir]])))
      const none = Layer.setConfigProvider(ConfigProvider.fromMap(new Map()))
      expect(yield* Effect.provide(name, Embedded.embedderLayer({}).pipe(Layer.provide(fromEnv)))).toBe("tiny-clip")
      expect(yield* Effect.provide(name, Embedded.embedderLayer({}).pipe(Layer.provide(none)))).toBe(Color.modelName)
      expect(Color.modelName).toBe("heaters/color-layout")
    }))
})
