/**
 * The Search port in memory: exact cosine distance over the memory catalog's embeddings (the
 * reference the SQL adapters' indexes are measured against).
 *
 * @since 0.1.0
 */
import type { Ids } from "@heaters/core"
import { Embedding, Errors, Search } from "@heaters/core"
import { Effect, Layer, Option, Random } from "effect"
import { Tables } from "./Tables.js"

/** Builds the in-memory Search over the shared `Tables`: exact cosine ranking of every stored vector. @since 0.1.0 */
export const make = Effect.gen(function* () {
  const { rows } = yield* Tables

  /** Embeddings of `embedded` clips matching the filters, with their clip. */
  const candidates = (filters: Search.Filters) =>
    Array.from(rows.embeddings.values()).flatMap((e) => {
      const clip = rows.clips.get(e.clipId)
      const keep =
        clip !== undefined &&
        clip.state === "embedded" &&
        e.modelName === filters.modelName &&
        e.generationStrategy === filters.generationStrategy &&
        (filters.sourceVideoId === undefined || clip.sourceVideoId === filters.sourceVideoId)
      return keep ? [{ embedding: e, clip }] : []
    })

  const embeddingOf = (clipId: Ids.ClipId, filters: Search.Filters) =>
    Array.from(rows.embeddings.values()).find(
      (e) => e.clipId === clipId && e.modelName === filters.modelName && e.generationStrategy === filters.generationStrategy
    )

  const nearest = (q: Search.VectorQuery) =>
    Effect.suspend(() => {
      const stored = Array.from(rows.embeddings.values()).filter(
        (e) => e.modelName === q.modelName && e.generationStrategy === q.generationStrategy
      )
      const dims = Array.from(new Set(stored.map((e) => e.dim))).sort((a, b) => a - b)
      if (dims.length > 0 && !dims.includes(q.vector.length)) {
        return Effect.fail(
          new Search.DimensionMismatch({ modelName: q.modelName, generationStrategy: q.generationStrategy, expected: dims, actual: q.vector.length })
        )
      }
      const { limit, offset } = Search.window(q)
      const ranked = candidates(q)
        .filter(({ clip, embedding }) => clip.id !== q.excludeClipId && embedding.dim === q.vector.length)
        .map(({ clip, embedding }) => Search.match(clip.id, clip.sourceVideoId, Embedding.cosineDistance(q.vector, embedding.vector)))
        .sort(Search.compare(q.order))
      return Effect.succeed(ranked.slice(offset, offset + limit))
    })

  const similar = (q: Search.SimilarQuery) =>
    Effect.suspend(() => {
      const seed = embeddingOf(q.clipId, q)
      if (!seed) return Effect.fail(new Errors.NotFound({ entity: `embedding (${q.modelName}, ${q.generationStrategy}) of clip`, id: q.clipId }))
      // The seed's own vector always has the stored dimension.
      return Effect.orDie(nearest({ ...q, vector: seed.vector, excludeClipId: q.clipId }))
    })

  const duplicates = (q: Search.DuplicatesQuery) =>
    Effect.suspend(() => {
      const pool = candidates(q)
      const limit = q.limit ?? 1000
      const pairs: Array<Search.DuplicatePair> = []
      const consider = (a: (typeof pool)[number], b: (typeof pool)[number]) => {
        if (a.clip.sourceVideoId === b.clip.sourceVideoId || a.embedding.dim !== b.embedding.dim) return
        const distance = Embedding.cosineDistance(a.embedding.vector, b.embedding.vector)
        if (distance <= q.maxDistance) {
          pairs.push(Search.pair({ clipId: a.clip.id, sourceVideoId: a.clip.sourceVideoId }, { clipId: b.clip.id, sourceVideoId: b.clip.sourceVideoId }, distance))
        }
      }
      if (q.clipId !== undefined) {
        const seed = embeddingOf(q.clipId, q)
        const clip = rows.clips.get(q.clipId)
        if (!seed || !clip) return Effect.fail(new Errors.NotFound({ entity: `embedding (${q.modelName}, ${q.generationStrategy}) of clip`, id: q.clipId }))
        for (const other of pool) if (other.clip.id !== q.clipId) consider({ embedding: seed, clip }, other)
      } else {
        for (let i = 0; i < pool.length; i++) for (let j = i + 1; j < pool.length; j++) consider(pool[i]!, pool[j]!)
      }
      return Effect.succeed(pairs.sort(Search.compareDuplicates).slice(0, limit))
    })

  return Search.Search.of({
    similar,
    nearest,
    duplicates,
    randomSeed: (filters) =>
      Effect.suspend(() => {
        const pool = candidates(filters)
        if (pool.length === 0) return Effect.succeed(Option.none())
        return Effect.map(Random.nextIntBetween(0, pool.length), (i) => Option.some(pool[i]!.clip.id))
      }),
    filterOptions: Effect.sync(() => {
      const embeddings = Array.from(rows.embeddings.values())
      const videoIds = new Set(Array.from(rows.clips.values()).filter((c) => c.state === "embedded").map((c) => c.sourceVideoId))
      return {
        models: Array.from(new Set(embeddings.map((e) => e.modelName))).sort(),
        strategies: Array.from(new Set(embeddings.map((e) => e.generationStrategy))).sort(),
        videos: Array.from(rows.videos.values())
          .filter((v) => videoIds.has(v.id))
          .map((v) => ({ id: v.id, title: v.title }))
          .sort((a, b) => a.title.localeCompare(b.title))
      }
    })
  })
})

/** The in-memory Search as a layer (needs `Tables`). @since 0.1.0 */
export const layer = Layer.effect(Search.Search, make)
