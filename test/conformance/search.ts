/**
 * The Search conformance suite (DOMAIN.md §10 Ours): cosine ranking over `embedded` clips with one
 * model + strategy, both orders, pages, the source-video filter, random seeds and filter options.
 */
import { it } from "@effect/vitest"
import type { Clip } from "@heaters/core"
import { Catalog, Embedding, Search } from "@heaters/core"
import type { Layer } from "effect"
import { Effect, Either, Option } from "effect"
import { describe, expect } from "vitest"
import { clips, setState, video } from "./fixtures.js"

const model = "test/model"
const strategy = "keyframe_multi_avg"
const filters = { modelName: model, generationStrategy: strategy }

/** Unit vectors at angles 0°, 10°, 20°, … from the seed in a 3-D plane (distance grows with i). */
const at = (degrees: number) => [Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180), 0]

const seedData = Effect.gen(function*() {
  const catalog = yield* Catalog.Catalog
  const va = yield* video("b-video")
  const vb = yield* video("a-video")
  const inA = yield* clips(4, va.id)
  const inB = yield* clips(3, vb.id)
  const all = [...inA, ...inB]
  const embedded: Array<Clip.Clip> = []
  for (const [i, c] of all.entries()) {
    embedded.push(yield* setState(c, i === 6 ? "keyframed" : "embedded"))
    // Angles interleave the two videos: A gets 0,20,40,60; B gets 10,30,(50 but not embedded).
    const angle = i < 4 ? i * 20 : (i - 4) * 20 + 10
    yield* catalog.upsertEmbedding({ clipId: c.id, vector: Embedding.normalize(at(angle)), modelName: model, modelVersion: null, generationStrategy: strategy, dim: 3 })
    // Another model and another strategy with other dimensions must never be compared.
    yield* catalog.upsertEmbedding({ clipId: c.id, vector: [1, 0, 0, 0], modelName: "other/model", modelVersion: null, generationStrategy: strategy, dim: 4 })
    yield* catalog.upsertEmbedding({ clipId: c.id, vector: at(90 - angle).slice(0, 2), modelName: model, modelVersion: null, generationStrategy: "keyframe_midpoint", dim: 2 })
  }
  return { va, vb, inA, inB }
})

export const searchSuite = (name: string, makeLayer: () => Layer.Layer<Catalog.Catalog | Search.Search, unknown>) =>
  describe(`Search conformance: ${name}`, () => {
    const test = (title: string, body: Effect.Effect<void, unknown, Catalog.Catalog | Search.Search>) =>
      it.effect(title, () => Effect.provide(body, makeLayer()) as Effect.Effect<void, unknown>)

    test("similar: nearest and farthest order, similarity percent, only embedded clips", Effect.gen(function*() {
      const search = yield* Search.Search
      const { inA, inB } = yield* seedData
      const seed = inA[0]!.id
      const near = yield* search.similar({ ...filters, clipId: seed, order: "nearest", page: 1, pageSize: 12 })
      // Angles 10 (B0), 20 (A1), 30 (B1), 40 (A2), 60 (A3); B2 is not embedded.
      expect(near.map((m) => m.clipId)).toEqual([inB[0]!.id, inA[1]!.id, inB[1]!.id, inA[2]!.id, inA[3]!.id])
      expect(near.map((m) => m.similarityPct)).toEqual([98, 94, 87, 77, 50])
      expect(near[0]!.distance).toBeCloseTo(1 - Math.cos(Math.PI / 18), 5)
      expect(near[0]!.sourceVideoId).toBe(inB[0]!.sourceVideoId)
      const far = yield* search.similar({ ...filters, clipId: seed, order: "farthest", page: 1, pageSize: 2 })
      expect(far.map((m) => m.clipId)).toEqual([inA[3]!.id, inA[2]!.id])
    }))

    test("similar: pages, source-video filter, strategy with another dimension, NotFound", Effect.gen(function*() {
      const search = yield* Search.Search
      const { inA, inB } = yield* seedData
      const seed = inA[0]!.id
      const page = (n: number) => search.similar({ ...filters, clipId: seed, order: "nearest", page: n, pageSize: 2 }).pipe(Effect.map((r) => r.map((m) => m.clipId)))
      expect(yield* page(1)).toEqual([inB[0]!.id, inA[1]!.id])
      expect(yield* page(2)).toEqual([inB[1]!.id, inA[2]!.id])
      expect(yield* page(3)).toEqual([inA[3]!.id])
      expect(yield* page(4)).toEqual([])
      const sameVideo = yield* search.similar({ ...filters, sourceVideoId: inA[0]!.sourceVideoId, clipId: seed, order: "nearest", page: 1, pageSize: 12 })
      expect(sameVideo.map((m) => m.clipId)).toEqual([inA[1]!.id, inA[2]!.id, inA[3]!.id])
      const midpoint = yield* search.similar({ modelName: model, generationStrategy: "keyframe_midpoint", clipId: seed, order: "nearest", page: 1, pageSize: 1 })
      expect(midpoint.length).toBe(1)
      const missing = yield* Effect.either(search.similar({ modelName: "nope", generationStrategy: strategy, clipId: seed, order: "nearest", page: 1, pageSize: 5 }))
      expect(Either.isLeft(missing) && missing.left._tag).toBe("NotFound")
    }))

    test("randomSeed picks an embedded clip matching the filters; filterOptions lists them", Effect.gen(function*() {
      const search = yield* Search.Search
      expect(Option.isNone(yield* search.randomSeed(filters))).toBe(true)
      const { inA, inB, va, vb } = yield* seedData
      const allowed = new Set([...inA, inB[0]!, inB[1]!].map((c) => c.id))
      for (let i = 0; i < 10; i++) {
        const seed = yield* search.randomSeed(filters)
        expect(allowed.has(Option.getOrThrow(seed))).toBe(true)
      }
      const onlyB = yield* search.randomSeed({ ...filters, sourceVideoId: vb.id })
      expect([inB[0]!.id, inB[1]!.id]).toContain(Option.getOrThrow(onlyB))
      expect(Option.isNone(yield* search.randomSeed({ ...filters, modelName: "missing" }))).toBe(true)
      const options = yield* search.filterOptions
      expect(options.models).toEqual(["other/model", model])
      expect(options.strategies).toEqual(["keyframe_midpoint", strategy])
      expect(options.videos).toEqual([{ id: vb.id, title: "a-video" }, { id: va.id, title: "b-video" }])
    }))
  })
