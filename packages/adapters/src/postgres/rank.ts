/**
 * Ranking in Postgres with pgvector (see `docs/search.md`): `<=>` (cosine distance) on the same
 * `embedding::vector(dim)` expression the per-dimension HNSW indexes are built on, the dimension
 * a literal so the planner can match the partial index. HNSW looks at `hnsw.ef_search` candidates
 * and filters after, so each query raises `ef_search` to cover its page and turns on pgvector
 * 0.8's iterative scan (`relaxed_order`: keep scanning until enough rows pass the filters, then
 * re-sort exactly here) — otherwise page 5 or a selective filter would silently come back short.
 * `farthest` asks the index for the nearest to −q, which is the same ranking.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { AllPairsInput, MakeRanker, NearestInput, Ranked, RankedPair } from "../sql/Search.js"
import { filtersWhere } from "../sql/Search.js"

/** @since 0.1.0 */
export interface Options {
  /** HNSW candidate list per query (pgvector's `hnsw.ef_search`); at least the page end. Default 100. */
  readonly efSearch?: number
  /** Neighbours asked per clip when listing every duplicate pair. Default 16. */
  readonly duplicateNeighbours?: number
}

const literalVector = (v: ReadonlyArray<number>) => `[${v.map((x) => (Number.isFinite(x) ? x : 0)).join(",")}]`

/** @since 0.1.0 */
export const makeRanker = (options: Options = {}): MakeRanker => (sql) =>
  Effect.sync(() => {
    const efSearch = Math.max(1, Math.floor(options.efSearch ?? 100))
    const neighbours = Math.max(1, Math.floor(options.duplicateNeighbours ?? 16))

    // `enable_sort = off`: the btree on (model, strategy, dim) also matches the filters, and with
    // thin statistics the planner would rather read it and sort everything; the HNSW scan is the
    // ordered path we want whenever the dimension has one (without one, the sort still runs).
    const settings = (ef: number) =>
      Effect.all([
        sql.unsafe(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.max(efSearch, ef))}`),
        sql.unsafe(`SET LOCAL hnsw.iterative_scan = relaxed_order`),
        sql.unsafe(`SET LOCAL enable_sort = off`)
      ], { discard: true })

    const nearest = (input: NearestInput) => {
      const dim = input.vector.length
      const cast = sql.literal(`vector(${dim})`)
      const wanted = input.offset + input.limit
      const query = literalVector(input.vector)
      const probe = literalVector(input.order === "nearest" ? input.vector : input.vector.map((x) => -x))
      const where = sql.and([
        filtersWhere(sql, input.filters, dim),
        ...(input.excludeClipId !== undefined ? [sql`e.clip_id <> ${input.excludeClipId}`] : []),
        ...(input.excludeVideoId !== undefined ? [sql`c.source_video_id <> ${input.excludeVideoId}`] : [])
      ])
      return Effect.gen(function*() {
        yield* settings(wanted)
        const rows = yield* sql<{ clip_id: number; source_video_id: number; distance: number }>`
          WITH hits AS MATERIALIZED (
            SELECT e.clip_id, c.source_video_id, e.embedding::${cast} <=> ${query}::${cast} AS distance
            FROM embeddings e JOIN clips c ON c.id = e.clip_id
            WHERE ${where}
            ORDER BY e.embedding::${cast} <=> ${probe}::${cast}
            LIMIT ${sql.literal(String(wanted))})
          SELECT clip_id, source_video_id, distance FROM hits`
        return rows
          .map((r): Ranked => ({ clipId: Number(r.clip_id), sourceVideoId: Number(r.source_video_id), distance: Number(r.distance) }))
          .sort((a, b) => (input.order === "nearest" ? a.distance - b.distance : b.distance - a.distance) || a.clipId - b.clipId)
          .slice(input.offset, wanted)
      }).pipe(sql.withTransaction)
    }

    /** Every clip's nearest clips of other videos through the index, kept when within range. */
    const allPairs = (input: AllPairsInput) => {
      const cast = sql.literal(`vector(${Math.floor(input.dim)})`)
      const dim = sql.literal(String(Math.floor(input.dim)))
      const f = input.filters
      const video = (alias: string) => (f.sourceVideoId === undefined ? sql`` : sql`AND ${sql.literal(alias)}.source_video_id = ${f.sourceVideoId}`)
      return Effect.gen(function*() {
        yield* settings(neighbours)
        const rows = yield* sql<{ a_clip: number; a_video: number; b_clip: number; b_video: number; distance: number }>`
          SELECT DISTINCT least(a.clip_id, n.clip_id) AS a_clip,
                 CASE WHEN a.clip_id < n.clip_id THEN ca.source_video_id ELSE n.video END AS a_video,
                 greatest(a.clip_id, n.clip_id) AS b_clip,
                 CASE WHEN a.clip_id < n.clip_id THEN n.video ELSE ca.source_video_id END AS b_video,
                 n.distance
          FROM embeddings a JOIN clips ca ON ca.id = a.clip_id
          CROSS JOIN LATERAL (
            SELECT b.clip_id, cb.source_video_id AS video, b.embedding::${cast} <=> a.embedding::${cast} AS distance
            FROM embeddings b JOIN clips cb ON cb.id = b.clip_id
            WHERE b.model_name = ${f.modelName} AND b.generation_strategy = ${f.generationStrategy} AND b.embedding_dim = ${dim}
              AND cb.ingest_state = 'embedded' AND cb.source_video_id <> ca.source_video_id ${video("cb")}
            ORDER BY b.embedding::${cast} <=> a.embedding::${cast}
            LIMIT ${sql.literal(String(neighbours))}) n
          WHERE a.model_name = ${f.modelName} AND a.generation_strategy = ${f.generationStrategy} AND a.embedding_dim = ${dim}
            AND ca.ingest_state = 'embedded' ${video("ca")} AND n.distance <= ${input.maxDistance}
          ORDER BY n.distance, a_clip, b_clip
          LIMIT ${sql.literal(String(Math.max(0, Math.floor(input.limit))))}`
        return rows.map((r): RankedPair => ({
          a: { clipId: Number(r.a_clip), sourceVideoId: Number(r.a_video) },
          b: { clipId: Number(r.b_clip), sourceVideoId: Number(r.b_video) },
          distance: Number(r.distance)
        }))
      }).pipe(sql.withTransaction)
    }

    return { nearest, allPairs }
  })
