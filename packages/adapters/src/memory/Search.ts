/**
 * The Search port in memory: brute-force cosine distance over the memory catalog's embeddings.
 *
 * @since 0.1.0
 */
import { Embedding, Errors, Search } from "@heaters/core"
import { Effect, Layer, Option, Random } from "effect"
import { Tables } from "./Tables.js"

/** @since 0.1.0 */
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

  return Search.Search.of({
    similar: (q) =>
      Effect.suspend(() => {
        const seed = Array.from(rows.embeddings.values()).find(
          (e) => e.clipId === q.clipId && e.modelName === q.modelName && e.generationStrategy === q.generationStrategy
        )
        if (!seed) return Effect.fail(new Errors.NotFound({ entity: "embedding of clip", id: q.clipId }))
        const ranked = candidates(q)
          .filter(({ clip, embedding }) => clip.id !== q.clipId && embedding.dim === seed.dim)
          .map(({ clip, embedding }) => ({
            clipId: clip.id,
            sourceVideoId: clip.sourceVideoId,
            distance: Embedding.cosineDistance(seed.vector, embedding.vector)
          }))
          .sort((a, b) => (q.order === "nearest" ? a.distance - b.distance : b.distance - a.distance) || a.clipId - b.clipId)
        const page = Math.max(1, Math.floor(q.page))
        return Effect.succeed(
          ranked
            .slice((page - 1) * q.pageSize, page * q.pageSize)
            .map((m) => ({ ...m, similarityPct: Search.similarityPct(m.distance) }))
        )
      }),
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

/** @since 0.1.0 */
export const layer = Layer.effect(Search.Search, make)
