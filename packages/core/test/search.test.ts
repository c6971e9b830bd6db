import { Heaters, Search } from "@heaters/core"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Option, TestClock } from "effect"
import { ingest, layer, scenes } from "./support.js"

/** Ingests, approves every clip and lets the grace period pass, so every clip ends `embedded`. */
const embedded = (path: string, seconds: ReadonlyArray<number>) =>
  Effect.gen(function* () {
    const heaters = yield* Heaters.Heaters
    const { clips, video } = yield* ingest(path, scenes(seconds))
    for (const clip of clips) yield* heaters.review.act(clip.id, { action: "approve" })
    yield* TestClock.adjust("61 seconds")
    yield* heaters.drain
    expect((yield* heaters.clips(video.id)).map((c) => c.state)).toEqual(clips.map(() => "embedded"))
    return { clips, video }
  })

describe("facade search", () => {
  it.effect("similar and random need no model or strategy: both come from the pipeline config", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const { clips } = yield* embedded("/a.mp4", [2, 2, 2, 2])
      const similar = yield* heaters.search.similar(clips[0]!.id)
      expect(similar.map((m) => m.clipId)).toEqual([clips[1]!.id, clips[2]!.id, clips[3]!.id])
      similar.slice(1).forEach((m, i) => expect(m.similarity).toBeLessThanOrEqual(similar[i]!.similarity))
      const far = yield* heaters.search.similar(clips[0]!.id, { order: "farthest", pageSize: 1 })
      expect(far.map((m) => m.clipId)).toEqual([clips[3]!.id])
      expect(yield* heaters.search.similar(clips[0]!.id, { page: 2, pageSize: 2 })).toHaveLength(1)
      const seed = yield* heaters.search.random()
      expect(clips.map((c) => c.id)).toContain(Option.getOrThrow(seed))
      const other = yield* Effect.either(heaters.search.similar(clips[0]!.id, { modelName: "someone/else" }))
      expect(Either.isLeft(other) && other.left._tag).toBe("NotFound")
    }).pipe(Effect.provide(layer())))

  it.effect("text: the embedder's text encoder ranks clips by a query", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const { clips } = yield* embedded("/a.mp4", [2, 2, 2, 2])
      // Scene looks are 1…4; the fake text encoder maps "look 3" to look 3's vector.
      const hits = yield* heaters.search.text("a shot like look 3", { pageSize: 2 })
      expect(hits.map((m) => m.clipId)).toEqual([clips[2]!.id, clips[1]!.id])
      expect(hits[0]!.similarity).toBeCloseTo(1, 6)
      expect(hits[0]!.similarityPct).toBe(100)
      const mismatch = yield* Effect.either(heaters.search.text("look 3", { modelName: "other/model" }))
      expect(Either.isLeft(mismatch) && mismatch.left._tag).toBe("TextSearchUnavailable")
    }).pipe(Effect.provide(layer({}, { embedder: { text: true } }))))

  it.effect("text without a text encoder fails with TextSearchUnavailable naming the model", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      yield* embedded("/a.mp4", [2, 2])
      const result = yield* Effect.either(heaters.search.text("a dog"))
      expect(Either.isLeft(result)).toBe(true)
      const error = Either.isLeft(result) ? result.left : null
      expect(error).toBeInstanceOf(Search.TextSearchUnavailable)
      expect(error?.message).toContain("openai/clip-vit-base-patch32")
    }).pipe(Effect.provide(layer())))

  it.effect("text whose vector has another dimension fails with DimensionMismatch", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      yield* embedded("/a.mp4", [2, 2])
      const result = yield* Effect.either(heaters.search.text("look 1"))
      const error = Either.isLeft(result) ? result.left : null
      expect(error).toBeInstanceOf(Search.DimensionMismatch)
      expect(error instanceof Search.DimensionMismatch && [error.expected, error.actual]).toEqual([[16], 8])
    }).pipe(Effect.provide(layer({}, { embedder: { text: true, textDim: 8 } }))))

  it.effect("duplicates: the same footage ingested twice pairs up across the two videos only", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const first = yield* embedded("/first.mp4", [2, 3])
      const second = yield* embedded("/copy.mp4", [2, 3])
      const pairs = yield* heaters.search.duplicates()
      const key = (p: Search.DuplicatePair) => `${p.clip.clipId}-${p.duplicate.clipId}`
      expect(pairs.map(key).sort()).toEqual([
        `${first.clips[0]!.id}-${second.clips[0]!.id}`,
        `${first.clips[1]!.id}-${second.clips[1]!.id}`
      ].sort())
      pairs.forEach((p) => expect(p.distance).toBeLessThanOrEqual(0.01))
      const one = yield* heaters.search.duplicates({ clipId: second.clips[1]!.id })
      expect(one.map(key)).toEqual([`${first.clips[1]!.id}-${second.clips[1]!.id}`])
      // A looser threshold (an option here; the default is the config's duplicateMaxDistance) pairs every cross-video clip.
      expect((yield* heaters.search.duplicates({ maxDistance: 2 })).length).toBe(4)
    }).pipe(Effect.provide(layer())))
})
