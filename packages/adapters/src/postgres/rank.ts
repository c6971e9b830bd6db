/**
 * Ranking in Postgres with pgvector: `<=>` (cosine distance) on the same dimension cast the
 * per-model HNSW indexes are built on. HNSW returns at most `ef_search` candidates and filters
 * after the scan, so each query raises `ef_search` to cover its page and turns on pgvector 0.8's
 * strict iterative scan — otherwise page 5 or a selective filter would silently come back short.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { Ranked, Ranker } from "../sql/Search.js"

/** @since 0.1.0 */
export const rankPg: Ranker = (sql, input) => {
  const cast = sql.literal(`vector(${input.dim})`)
  const seed = `[${input.seed.join(",")}]`
  const efSearch = Math.min(1000, Math.max(40, input.offset + input.limit))
  return Effect.gen(function*() {
    yield* sql.unsafe(`SET LOCAL hnsw.ef_search = ${efSearch}`)
    yield* sql.unsafe(`SET LOCAL hnsw.iterative_scan = strict_order`)
    return yield* sql<Ranked>`
      SELECT e.clip_id, c.source_video_id, (e.embedding::${cast} <=> ${seed}::${cast}) AS distance
      FROM embeddings e JOIN clips c ON c.id = e.clip_id
      WHERE ${input.where}
      ORDER BY e.embedding::${cast} <=> ${seed}::${cast} ${sql.literal(input.order === "nearest" ? "ASC" : "DESC")}
      LIMIT ${sql.literal(String(input.limit))} OFFSET ${sql.literal(String(input.offset))}`
  }).pipe(sql.withTransaction)
}
