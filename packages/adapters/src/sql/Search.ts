/**
 * The Search port over `@effect/sql` (DOMAIN.md §10 Ours). Filtering, seeding and paging are one
 * implementation; only the ranking differs: Postgres ranks in the database with pgvector's `<=>`
 * on a dimension cast that its per-model HNSW indexes match, SQLite ranks the filtered candidates
 * in process (cosine over float64 blobs — exact, and fast enough for an embedded catalog).
 *
 * @since 0.1.0
 */
import { SqlClient } from "@effect/sql"
import type { Fragment } from "@effect/sql/Statement"
import { Embedding, Errors, Ids, Search } from "@heaters/core"
import { Effect, Option, Random } from "effect"
import type { Dialect } from "./dialect.js"
import { orCatalogError } from "./errors.js"

/** One ranked candidate before paging. @since 0.1.0 */
export interface Ranked {
  readonly clip_id: number
  readonly source_video_id: number
  readonly distance: number
}

/** The candidates' `WHERE` (embeddings `e` joined to clips `c`) and the seed. @since 0.1.0 */
export interface RankInput {
  readonly where: Fragment
  readonly seed: ReadonlyArray<number>
  readonly dim: number
  readonly order: "nearest" | "farthest"
  readonly offset: number
  readonly limit: number
}

/** Ranks and pages candidates; one per dialect. @since 0.1.0 */
export type Ranker = (sql: SqlClient.SqlClient, input: RankInput) => Effect.Effect<ReadonlyArray<Ranked>, unknown>

/**
 * Ranks in process: reads the filtered candidates' vectors and sorts by cosine distance, ties by
 * clip id so pages are stable.
 *
 * @since 0.1.0
 */
export const rankInProcess = (dialect: Dialect): Ranker => (sql, input) =>
  sql<{ clip_id: number; source_video_id: number; embedding: unknown }>`
    SELECT e.clip_id, c.source_video_id, e.embedding FROM embeddings e JOIN clips c ON c.id = e.clip_id
    WHERE ${input.where}`.pipe(
    Effect.map((rows) => {
      const sign = input.order === "nearest" ? 1 : -1
      return rows
        .map((r) => ({
          clip_id: Number(r.clip_id),
          source_video_id: Number(r.source_video_id),
          distance: Embedding.cosineDistance(input.seed, dialect.readVector(r.embedding))
        }))
        .sort((a, b) => sign * (a.distance - b.distance) || a.clip_id - b.clip_id)
        .slice(input.offset, input.offset + input.limit)
    })
  )

/** @since 0.1.0 */
export const make = (dialect: Dialect, rank: Ranker): Effect.Effect<Search.SearchShape, never, SqlClient.SqlClient> =>
  Effect.map(SqlClient.SqlClient, (sql) => {
    const filtersWhere = (f: Search.Filters, dim?: number) =>
      sql.and([
        sql`e.model_name = ${f.modelName}`,
        sql`e.generation_strategy = ${f.generationStrategy}`,
        sql`c.ingest_state = 'embedded'`,
        ...(f.sourceVideoId !== undefined ? [sql`c.source_video_id = ${f.sourceVideoId}`] : []),
        ...(dim !== undefined ? [sql`e.embedding_dim = ${sql.literal(String(dim))}`] : [])
      ])

    const similar = (q: Search.SimilarQuery) =>
      Effect.gen(function*() {
        const seeds = yield* sql<{ embedding: unknown; embedding_dim: number }>`
          SELECT embedding, embedding_dim FROM embeddings
          WHERE clip_id = ${q.clipId} AND model_name = ${q.modelName} AND generation_strategy = ${q.generationStrategy}`
        if (seeds.length === 0) {
          return yield* new Errors.NotFound({ entity: `embedding (${q.modelName}, ${q.generationStrategy}) of clip`, id: q.clipId })
        }
        const dim = Math.floor(Number(seeds[0]!.embedding_dim))
        const page = Math.max(1, Math.floor(q.page))
        const limit = Math.max(0, Math.floor(q.pageSize))
        const ranked = yield* rank(sql, {
          where: sql.and([filtersWhere(q, dim), sql`e.clip_id <> ${q.clipId}`]),
          seed: dialect.readVector(seeds[0]!.embedding),
          dim,
          order: q.order,
          offset: (page - 1) * limit,
          limit
        })
        return ranked.map((r): Search.Match => {
          const distance = Number(r.distance)
          return {
            clipId: Ids.unsafe.clip(Number(r.clip_id)),
            sourceVideoId: Ids.unsafe.video(Number(r.source_video_id)),
            distance,
            similarityPct: Search.similarityPct(distance)
          }
        })
      }).pipe(
        Effect.catchIf(
          (e): e is Exclude<typeof e, Errors.NotFound> => !(e instanceof Errors.NotFound),
          (e) => orCatalogError("similar")(Effect.fail(e))
        )
      )

    /** A random id probe instead of `ORDER BY random()` over every candidate (§10 Ours). */
    const randomSeed = (f: Search.Filters) =>
      Effect.gen(function*() {
        const where = filtersWhere(f)
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

    return Search.Search.of({ similar, randomSeed, filterOptions })
  })
