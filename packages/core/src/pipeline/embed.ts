/**
 * Embedding (docs/pipeline.md#embed): the clip's keyframes through the Embedder, each vector
 * L2-normalised, averaged for `_avg` strategies, re-normalised; one upsert per
 * (clip, model, strategy) together with the `embedded` state.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as Embedding from "../domain/Embedding.js"
import { StageInputError } from "../domain/errors.js"
import type { ClipId } from "../domain/Ids.js"
import { BlobStore } from "../services/BlobStore.js"
import { Catalog } from "../services/Catalog.js"
import { Embedder } from "../services/Embedder.js"
import { completeClip, now, runClipStage } from "./rows.js"

/** @since 0.1.0 */
export const timeoutMs = 10 * 60_000

/**
 * `keyframe_<name>[_avg]` → which keyframes to read (`single` = the midpoint, or the first of any
 * strategy) and whether to average.
 *
 * @since 0.1.0
 */
export const parseStrategy = (generationStrategy: string) => {
  const m = generationStrategy.match(/^keyframe_([a-z0-9]+?)(_avg)?$/)
  return m ? { keyframes: m[1]!, average: m[2] !== undefined } : null
}

/** @since 0.1.0 */
export const run = (clipId: ClipId, modelName: string, generationStrategy: string, version?: number) =>
  runClipStage({
    stage: "embed",
    id: clipId,
    version,
    start: "start_embedding",
    fail: "fail_embedding",
    timeoutMs,
    work: (clip) =>
      Effect.gen(function* () {
        const embedder = yield* Embedder
        const catalog = yield* Catalog
        const blobs = yield* BlobStore
        const fail = (reason: string) => new StageInputError({ stage: "embed", reason })
        if (embedder.model.name !== modelName) {
          return yield* fail(`job asks for model ${modelName} but the embedder serves ${embedder.model.name}`)
        }
        const parsed = parseStrategy(generationStrategy)
        if (parsed === null) return yield* fail(`generation strategy "${generationStrategy}" must look like keyframe_<name>[_avg]`)
        const keyframes = (yield* catalog.listArtifacts(clip.id))
          .filter((a) => a.type === "keyframe")
          .filter((a) => (parsed.keyframes === "single" ? true : a.strategy === parsed.keyframes))
          .sort((a, b) => Number(a.metadata["frame_index"] ?? 0) - Number(b.metadata["frame_index"] ?? 0))
        const chosen = parsed.keyframes === "single" ? keyframes.filter((a) => a.tag === "mid").concat(keyframes).slice(0, 1) : keyframes
        if (chosen.length === 0) return yield* fail(`clip ${clip.id} has no ${parsed.keyframes} keyframes`)
        const images = yield* Effect.forEach(chosen, (a) => blobs.get(a.key))
        const vectors = yield* embedder.embed(images)
        const vector = Embedding.aggregate(vectors, parsed.average)
        if (vector.length === 0 || vector.some((x) => !Number.isFinite(x))) return yield* fail("the embedder returned an empty or non-finite vector")
        const at = yield* now
        return yield* catalog.withTransaction(
          Effect.zipRight(
            catalog.upsertEmbedding({
              clipId: clip.id,
              vector,
              modelName,
              modelVersion: embedder.model.version,
              generationStrategy,
              dim: vector.length
            }),
            completeClip(clip, "complete_embedding", { embeddedAt: at })
          )
        )
      })
  })
