/**
 * The Search port over `@effect/sql` (see `docs/search.md`). Seeds, dimension checks, random
 * seeds, per-clip duplicates and filter options are one implementation; the ranking is the
 * dialect's `Ranker`: Postgres asks pgvector's per-dimension HNSW indexes, SQLite keeps an
 * in-process quantised index and re-scores a short list exactly.
 *
 * @since 0.1.0
 */
import { SqlClient } from "@effect/sql"
import type { Fragment } from "@effect/sql/Statement"
import { Errors, Ids, Search } from "@heaters/core"
import type { Scope } from "effect"
import { Effect, Option, Random } from "effect"
import type { Dialect } from "./dialect.js"
import { orCatalogError } from "./errors.js"
import { decodeSeeds } from "./seed.js"

/** One ranked row. @since 0.1.0 */
export interface Ranked {
  readonly clipId: number
  readonly sourceVideoId: number
  readonly distance: number
}

/** One near-duplicate pair. @since 0.1.0 */
export interface RankedPair {
  readonly a: { readonly clipId: number; readonly sourceVideoId: number }
  readonly b: { readonly clipId: number; readonly sourceVideoId: number }
  readonly distance: number
}

/** A nearest-vector query with its filters; the vector already has the stored dimension. @since 0.1.0 */
export interface NearestInput {
  readonly filters: Search.Filters
  readonly vector: ReadonlyArray<number>
  readonly order: "nearest" | "farthest"
  readonly offset: number
  readonly limit: number
  readonly excludeClipId?: number
  /** Leave out clips of this video (duplicates across videos). */
  readonly excludeVideoId?: number
}

/** Every pair of different videos within `maxDistance` of each other. @since 0.1.0 */
export interface AllPairsInput {
  readonly filters: Search.Filters
  readonly dim: number
  readonly maxDistance: number
  readonly limit: number
}

/** A dialect's ranking: returns rows ordered by `Search.compare(order)`. @since 0.1.0 */
export interface Ranker {
  readonly nearest: (input: NearestInput) => Effect.Effect<ReadonlyArray<Ranked>, unknown>
  readonly allPairs: (input: AllPairsInput) => Effect.Effect<ReadonlyArray<RankedPair>, unknown>
}

/** Builds a dialect's ranker on a client (it may hold state for the life of the layer). @since 0.1.0 */
export type MakeRanker = (sql: SqlClient.SqlClient) => Effect.Effect<Ranker, never, Scope.Scope>

/**
 * The candidates' `WHERE` over embeddings `e` joined to clips `c`: one model + strategy, clips in
 * state `embedded`, optionally one video and one dimension.
 *
 * @since 0.1.0
 */
export const filtersWhere = (sql: SqlClient.SqlClient, f: Search.Filters, dim?: number): Fragment =>
  sql.and([
    sql`e.model_name = ${f.modelName}`,
    sql`e.generation_strategy = ${f.generationStrategy}`,
    sql`c.ingest_state = 'embedded'`,
    ...(f.sourceVideoId !== undefined ? [sql`c.source_video_id = ${f.sourceVideoId}`] : []),
    ...(dim !== undefined ? [sql`e.embedding_dim = ${sql.literal(String(Math.floor(dim)))}`] : [])
  ])

/** How many neighbours a per-clip duplicates query asks for first (doubled while all qualify). */
const duplicatesProbe = 32

/** @since 0.1.0 */
export const make = (dialect: Dialect, makeRanker: MakeRanker): Effect.Effect<Search.SearchShape, never, SqlClient.SqlClient | Scope.Scope> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const ranker = yield* makeRanker(sql)

    const notFound = (f: Search.Filters, clipId: number) =>
      new Errors.NotFound({ entity: `embedding (${f.modelName}, ${f.generationStrategy}) of clip`, id: clipId })

    const seedOf = (f: Search.Filters, clipId: number) =>
      sql`
          SELECT e.embedding, e.embedding_dim, c.source_video_id FROM embeddings e JOIN clips c ON c.id = e.clip_id
          WHERE e.clip_id = ${clipId} AND e.model_name = ${f.modelName} AND e.generation_strategy = ${f.generationStrategy}`.pipe(
        Effect.flatMap(decodeSeeds("similar")),
        Effect.flatMap(([seed]) => (seed === undefined ? Effect.fail(notFound(f, clipId)) : Effect.succeed(seed)))
      )

    /** Refuses a vector no stored vector of this model and strategy can be compared with. */
    const checkDimension = (f: Search.Filters, dim: number) =>
      Effect.gen(function*() {
        const same = yield* sql`SELECT 1 AS x FROM embeddings e
          WHERE e.model_name = ${f.modelName} AND e.generation_strategy = ${f.generationStrategy}
            AND e.embedding_dim = ${sql.literal(String(dim))} LIMIT 1`
        if (same.length > 0) return true
        const dims = yield* sql<{ d: number }>`SELECT DISTINCT embedding_dim AS d FROM embeddings
          WHERE model_name = ${f.modelName} AND generation_strategy = ${f.generationStrategy} ORDER BY d`
        if (dims.length === 0) return false
        return yield* new Search.DimensionMismatch({
          modelName: f.modelName,
          generationStrategy: f.generationStrategy,
          expected: dims.map((r) => Number(r.d)),
          actual: dim
        })
      })

    const toMatch = (r: Ranked) => Search.match(Ids.unsafe.clip(r.clipId), Ids.unsafe.video(r.sourceVideoId), r.distance)

    const rank = (input: Omit<NearestInput, "offset" | "limit"> & Search.Paging) => {
      const { limit, offset } = Search.window(input)
      return limit === 0 ? Effect.succeed([]) : Effect.map(ranker.nearest({ ...input, offset, limit }), (rows) => rows.map(toMatch))
    }

    const nearest = (q: Search.VectorQuery) =>
      Effect.gen(function*() {
        const dim = q.vector.length
        if (dim === 0 || !(yield* checkDimension(q, dim))) return []
        return yield* rank({ ...q, filters: q, ...(q.excludeClipId === undefined ? {} : { excludeClipId: q.excludeClipId }) })
      }).pipe(
        Effect.catchIf(
          (e): e is Exclude<typeof e, Search.DimensionMismatch> => !(e instanceof Search.DimensionMismatch),
          (e) => orCatalogError("nearest")(Effect.fail(e))
        )
      )

    const similar = (q: Search.SimilarQuery) =>
      Effect.flatMap(seedOf(q, q.clipId), (seed) => rank({ ...q, filters: q, vector: seed.vector, excludeClipId: q.clipId })).pipe(
        Effect.catchIf(
          (e): e is Exclude<typeof e, Errors.NotFound> => !(e instanceof Errors.NotFound),
          (e) => orCatalogError("similar")(Effect.fail(e))
        )
      )

    /** One clip's duplicates: nearest clips of other videos, asking for more while all qualify. */
    const duplicatesOf = (q: Search.DuplicatesQuery, clipId: number, limit: number) =>
      Effect.gen(function*() {
        const seed = yield* seedOf(q, clipId)
        const self = { clipId: Ids.unsafe.clip(clipId), sourceVideoId: Ids.unsafe.video(seed.sourceVideoId) }
        let asked = Math.min(limit, duplicatesProbe)
        for (;;) {
          const rows = yield* ranker.nearest({
            filters: q,
            vector: seed.vector,
            order: "nearest",
            offset: 0,
            limit: asked,
            excludeClipId: clipId,
            excludeVideoId: seed.sourceVideoId
          })
          const within = rows.filter((r) => r.distance <= q.maxDistance)
          if (within.length < rows.length || rows.length < asked || asked >= limit) {
            return within.map((r) => Search.pair(self, { clipId: Ids.unsafe.clip(r.clipId), sourceVideoId: Ids.unsafe.video(r.sourceVideoId) }, r.distance))
          }
          asked = Math.min(limit, asked * 4)
        }
      })

    const duplicates = (q: Search.DuplicatesQuery) =>
      Effect.gen(function*() {
        const limit = Math.max(0, Math.floor(q.limit ?? 1000))
        if (q.clipId !== undefined) return (yield* duplicatesOf(q, q.clipId, limit)).sort(Search.compareDuplicates)
        const dims = yield* sql<{ d: number }>`SELECT DISTINCT embedding_dim AS d FROM embeddings
          WHERE model_name = ${q.modelName} AND generation_strategy = ${q.generationStrategy}`
        const pairs = yield* Effect.forEach(dims, (r) => ranker.allPairs({ filters: q, dim: Number(r.d), maxDistance: q.maxDistance, limit }))
        return pairs
          .flat()
          .map((p) =>
            Search.pair(
              { clipId: Ids.unsafe.clip(p.a.clipId), sourceVideoId: Ids.unsafe.video(p.a.sourceVideoId) },
              { clipId: Ids.unsafe.clip(p.b.clipId), sourceVideoId: Ids.unsafe.video(p.b.sourceVideoId) },
              p.distance
            )
          )
          .sort(Search.compareDuplicates)
          .slice(0, limit)
      }).pipe(
        Effect.catchIf(
          (e): e is Exclude<typeof e, Errors.NotFound> => !(e instanceof Errors.NotFound),
          (e) => orCatalogError("duplicates")(Effect.fail(e))
        )
      )

    /** A random id probe instead of `ORDER BY random()` over every candidate. */
    const randomSeed = (f: Search.Filters) =>
      Effect.gen(function*() {
        const where = filtersWhere(sql, f)
        const [bounds] = yield* sql<{ lo: unknown; hi: unknown }>`
          SELECT min(e.id) AS lo, max(e.id) AS hi FROM embeddings e JOIN clips c ON c.id = e.clip_id WHERE ${where}`
        if (bounds === undefined || bounds.lo === null || bounds.lo === undefined) return Option.none<Ids.ClipId>()
        const probe = yield* Random.nextIntBetween(Number(bounds.lo), Number(bounds.hi) + 1)
        const [hit] = yield* sql<{ clip_id: number }>`
          SELECT e.clip_id FROM embeddings e JOIN clips c ON c.id = e.clip_id
          WHERE ${where} AND e.id >= ${probe} ORDER BY e.id LIMIT 1`
        return Option.fromNullable(hit).pipe(Option.map((h) => Ids.unsafe.clip(Number(h.clip_id))))
      }).pipe(orCatalogError("randomSeed"))

    const filterOptions = Effect.gen(function*() {
      const models = yield* sql<{ v: string }>`SELECT DISTINCT model_name AS v FROM embeddings ORDER BY v`
      const strategies = yield* sql<{ v: string }>`SELECT DISTINCT generation_strategy AS v FROM embeddings ORDER BY v`
      const videos = yield* sql<{ id: number; title: string }>`
        SELECT v.id, v.title FROM source_videos v
        WHERE EXISTS (SELECT 1 FROM clips c WHERE c.source_video_id = v.id AND c.ingest_state = 'embedded')
        ORDER BY v.title, v.id`
      return {
        models: models.map((r) => r.v),
        strategies: strategies.map((r) => r.v),
        videos: videos.map((r) => ({ id: Ids.unsafe.video(Number(r.id)), title: String(r.title) }))
      }
    }).pipe(orCatalogError("filterOptions"))

    return Search.Search.of({ similar, nearest, randomSeed, duplicates, filterOptions })
  })
