/**
 * The Search conformance suite (docs/search.md): cosine ranking over `embedded` clips with one
 * model + strategy, both orders, pages, the source-video filter, random seeds and filter options.
 */
import { it } from "@effect/vitest"
import type { Clip } from "@heaters/core"
import { Catalog, Embedding, Ids, Search } from "@heaters/core"
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

export const vectorSuite = (name: string, makeLayer: () => Layer.Layer<Catalog.Catalog | Search.Search, unknown>) =>
  describe(`Search conformance (vectors, duplicates): ${name}`, () => {
    const test = (title: string, body: Effect.Effect<void, unknown, Catalog.Catalog | Search.Search>) =>
      it.effect(title, () => Effect.provide(body, makeLayer()) as Effect.Effect<void, unknown>)

    test("nearest: a vector query ranks like similar, both orders, similarity in −1…1, excludeClipId", Effect.gen(function*() {
      const search = yield* Search.Search
      const { inA, inB } = yield* seedData
      const near = yield* search.nearest({ ...filters, vector: at(0).map((x) => x * 5), order: "nearest", page: 1, pageSize: 3 })
      expect(near.map((m) => m.clipId)).toEqual([inA[0]!.id, inB[0]!.id, inA[1]!.id])
      expect(near[0]!.similarity).toBeCloseTo(1, 5)
      expect(near[1]!.similarity).toBeCloseTo(Math.cos(Math.PI / 18), 5)
      near.forEach((m) => expect(m.similarity).toBeCloseTo(1 - m.distance, 9))
      const far = yield* search.nearest({ ...filters, vector: at(180), order: "farthest", page: 1, pageSize: 2 })
      expect(far.map((m) => m.clipId)).toEqual([inA[0]!.id, inB[0]!.id])
      expect(far[0]!.similarity).toBeCloseTo(-1, 5)
      const without = yield* search.nearest({ ...filters, vector: at(0), excludeClipId: inA[0]!.id, order: "nearest", page: 1, pageSize: 1 })
      expect(without.map((m) => m.clipId)).toEqual([inB[0]!.id])
      const inVideoB = yield* search.nearest({ ...filters, sourceVideoId: inB[0]!.sourceVideoId, vector: at(0), order: "nearest", page: 1, pageSize: 12 })
      expect(inVideoB.map((m) => m.clipId)).toEqual([inB[0]!.id, inB[1]!.id])
      expect(yield* search.nearest({ ...filters, modelName: "nobody/stored", vector: [1, 0], order: "nearest", page: 1, pageSize: 5 })).toEqual([])
    }))

    test("nearest: a vector of another dimension is refused with DimensionMismatch naming both", Effect.gen(function*() {
      const search = yield* Search.Search
      yield* seedData
      const wrong = yield* Effect.either(search.nearest({ ...filters, vector: [1, 0, 0, 0, 0], order: "nearest", page: 1, pageSize: 5 }))
      expect(Either.isLeft(wrong)).toBe(true)
      const error = Either.isLeft(wrong) ? wrong.left : null
      expect(error?._tag).toBe("DimensionMismatch")
      expect(error instanceof Search.DimensionMismatch && [error.expected, error.actual]).toEqual([[3], 5])
      expect(error?.message).toContain("5 dimensions")
    }))

    test("paging is stable: equal distances are ordered by clip id on every page", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const search = yield* Search.Search
      const v = yield* video("ties")
      const cs = yield* clips(9, v.id)
      for (const c of cs) {
        yield* setState(c, "embedded")
        yield* catalog.upsertEmbedding({ clipId: c.id, vector: [0.6, 0.8, 0], modelName: model, modelVersion: null, generationStrategy: strategy, dim: 3 })
      }
      const pages = yield* Effect.forEach([1, 2, 3, 4], (page) => search.nearest({ ...filters, vector: [1, 0, 0], order: "nearest", page, pageSize: 4 }))
      expect(pages.map((p) => p.length)).toEqual([4, 4, 1, 0])
      expect(pages.flat().map((m) => m.clipId)).toEqual(cs.map((c) => c.id).sort((a, b) => a - b))
      const farPages = yield* Effect.forEach([1, 2, 3], (page) => search.nearest({ ...filters, vector: [1, 0, 0], order: "farthest", page, pageSize: 4 }))
      expect(farPages.flat().map((m) => m.clipId)).toEqual(cs.map((c) => c.id).sort((a, b) => a - b))
    }))

    test("duplicates: clips of other videos within the distance, per clip and every pair", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const search = yield* Search.Search
      const [v1, v2, v3] = [yield* video("one"), yield* video("two"), yield* video("three")]
      const [a1, a2] = yield* clips(2, v1.id)
      const [b1, b2] = yield* clips(2, v2.id)
      const [c1] = yield* clips(1, v3.id)
      const put = (c: Clip.Clip, degrees: number) =>
        Effect.zipRight(
          setState(c, "embedded"),
          catalog.upsertEmbedding({ clipId: c.id, vector: at(degrees), modelName: model, modelVersion: null, generationStrategy: strategy, dim: 3 })
        )
      // a1 ≈ b1 ≈ c1 (within 1° ⇒ distance ≤ 1.6e-4); a2 is a1's twin in the SAME video (not a duplicate); b2 far.
      yield* put(a1!, 0)
      yield* put(a2!, 0.2)
      yield* put(b1!, 0.5)
      yield* put(c1!, 0.9)
      yield* put(b2!, 45)
      const pairs = yield* search.duplicates({ ...filters, maxDistance: 0.01 })
      const ids = (p: Search.DuplicatePair) => [p.clip.clipId, p.duplicate.clipId]
      const sorted = (x: number, y: number) => [Math.min(x, y), Math.max(x, y)]
      // Cross-video pairs by angle apart: a2–b1 0.3°, b1–c1 0.4°, a1–b1 0.5°, a2–c1 0.7°, a1–c1 0.9°.
      expect(pairs.map(ids)).toEqual([sorted(a2!.id, b1!.id), sorted(b1!.id, c1!.id), sorted(a1!.id, b1!.id), sorted(a2!.id, c1!.id), sorted(a1!.id, c1!.id)])
      pairs.forEach((p) => {
        expect(p.clip.sourceVideoId).not.toBe(p.duplicate.sourceVideoId)
        expect(p.distance).toBeLessThanOrEqual(0.01)
        expect(p.similarity).toBeCloseTo(1 - p.distance, 9)
      })
      const ofA1 = yield* search.duplicates({ ...filters, maxDistance: 0.01, clipId: a1!.id })
      expect(ofA1.map((p) => p.duplicate.clipId === a1!.id ? p.clip.clipId : p.duplicate.clipId)).toEqual([b1!.id, c1!.id])
      expect(yield* search.duplicates({ ...filters, maxDistance: 0.01, clipId: b2!.id })).toEqual([])
      expect((yield* search.duplicates({ ...filters, maxDistance: 0.5, clipId: b2!.id })).length).toBe(3)
      expect((yield* search.duplicates({ ...filters, maxDistance: 0.01, limit: 2 })).length).toBe(2)
      const missing = yield* Effect.either(search.duplicates({ ...filters, maxDistance: 0.01, clipId: Ids.unsafe.clip(999_999) }))
      expect(Either.isLeft(missing) && missing.left._tag).toBe("NotFound")
    }))

    test("search follows writes: new vectors, clips leaving 'embedded', replaced vectors", Effect.gen(function*() {
      const catalog = yield* Catalog.Catalog
      const search = yield* Search.Search
      const v = yield* video("live")
      const cs = yield* clips(3, v.id)
      const ask = Effect.map(search.nearest({ ...filters, vector: at(0), order: "nearest", page: 1, pageSize: 10 }), (r) => r.map((m) => m.clipId))
      expect(yield* ask).toEqual([])
      for (const [i, c] of cs.entries()) {
        yield* setState(c, "embedded")
        yield* catalog.upsertEmbedding({ clipId: c.id, vector: at(10 * (i + 1)), modelName: model, modelVersion: null, generationStrategy: strategy, dim: 3 })
      }
      expect(yield* ask).toEqual([cs[0]!.id, cs[1]!.id, cs[2]!.id])
      yield* catalog.upsertEmbedding({ clipId: cs[2]!.id, vector: at(1), modelName: model, modelVersion: null, generationStrategy: strategy, dim: 3 })
      expect(yield* ask).toEqual([cs[2]!.id, cs[0]!.id, cs[1]!.id])
      yield* setState(yield* catalog.getClip(cs[0]!.id), "archived")
      expect(yield* ask).toEqual([cs[2]!.id, cs[1]!.id])
      yield* catalog.deleteEmbeddings(cs[1]!.id)
      expect(yield* ask).toEqual([cs[2]!.id])
    }))
  })
