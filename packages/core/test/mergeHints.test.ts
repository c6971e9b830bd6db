import { Catalog, Heaters } from "@heaters/core"
import * as Memory from "@heaters/adapters/memory"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { ingest, layer, scenes } from "./support.js"

const model = "openai/clip-vit-base-patch32"
const strategy = "keyframe_multi_avg"

describe("merge hints on review items", () => {
  it.effect("neighbours' similarity from embeddings; a hint at or above mergeHintThreshold only", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const catalog = yield* Catalog.Catalog
      // Looks 1 and 1.2 are nearly the same picture (one shot cut in two); look 6 is another shot.
      const looks = [1, 1.2, 6]
      const { clips } = yield* ingest("/shots.mp4", scenes([2, 2, 2], { scenes: looks.map((look) => ({ seconds: 2, look })) as never }))
      expect(clips).toHaveLength(3)
      const before = yield* heaters.review.item(clips[1]!.id)
      // No vectors yet: neighbours are named, their similarity is unknown, no hint is guessed.
      expect(before.neighbours.previous).toEqual({ clipId: clips[0]!.id, similarity: null, basis: null, hint: null })
      expect(before.neighbours.next?.clipId).toBe(clips[2]!.id)
      const first = yield* heaters.review.item(clips[0]!.id)
      expect(first.neighbours.previous).toBeNull()
      for (const [i, clip] of clips.entries()) {
        yield* catalog.upsertEmbedding({ clipId: clip.id, vector: Memory.MemoryEmbedder.vectorOf(looks[i]!, 16), modelName: model, modelVersion: null, generationStrategy: strategy, dim: 16 })
      }
      const middle = yield* heaters.review.item(clips[1]!.id)
      expect(middle.neighbours.previous?.similarity).toBeGreaterThan(0.95)
      expect(middle.neighbours.previous?.hint).toBe("likely the same shot — merge?")
      expect(middle.neighbours.previous?.basis).toBe(`${model} ${strategy}`)
      expect(middle.neighbours.next?.similarity).toBeLessThan(0.5)
      expect(middle.neighbours.next?.hint).toBeNull()
      // Reviewed clips carry no hints.
      yield* heaters.review.act(clips[0]!.id, { action: "approve" })
      const approved = yield* heaters.review.item(clips[0]!.id)
      expect(approved.neighbours).toEqual({ previous: null, next: null })
    }).pipe(Effect.provide(layer())))

  it.effect("the threshold comes from the config", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const catalog = yield* Catalog.Catalog
      const looks = [1, 1.2]
      const { clips } = yield* ingest("/two.mp4", scenes([2, 2], { scenes: looks.map((look) => ({ seconds: 2, look })) as never }))
      for (const [i, clip] of clips.entries()) {
        yield* catalog.upsertEmbedding({ clipId: clip.id, vector: Memory.MemoryEmbedder.vectorOf(looks[i]!, 16), modelName: model, modelVersion: null, generationStrategy: strategy, dim: 16 })
      }
      const item = yield* heaters.review.item(clips[0]!.id)
      expect(item.neighbours.next?.similarity).toBeLessThan(0.9999)
      expect(item.neighbours.next?.hint).toBeNull()
    }).pipe(Effect.provide(layer({ mergeHintThreshold: 0.9999 }))))
})
