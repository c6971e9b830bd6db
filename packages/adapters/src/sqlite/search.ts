/**
 * SQLite's ranking (see `docs/search.md`): an in-process `VectorIndex` per (model, strategy,
 * dimension) picks a short list by its 1-bit codes; the short list's float32 vectors are read
 * back by primary key and ranked exactly, with the SQL filters applied again, into a bounded heap.
 * Before every query the index replays `embedding_changes` past the last sequence number it saw
 * (one indexed `max(seq)` read when nothing changed), so writes of other processes are visible.
 *
 * @since 0.1.0
 */
import type { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import { floatsOf } from "../sql/dialect.js"
import type { AllPairsInput, MakeRanker, NearestInput, Ranked, RankedPair } from "../sql/Search.js"
import { filtersWhere } from "../sql/Search.js"
import { Catchup } from "./catchup.js"
import { cosineDistance, TopK } from "./exact.js"

/** How the short list is sized. @since 0.1.0 */
export interface Options {
  /** Short-list size is max(`minCandidates`, `candidateFactor` × rows wanted). Default 256, 8. */
  readonly minCandidates?: number
  readonly candidateFactor?: number
}

/** Up to this many vectors, every pair is compared for duplicates (no hashing). */
const exhaustiveDuplicates = 1500

/** Rows per `IN (…)` read of vectors. */
const chunk = 900

interface Row {
  readonly id: number
  readonly clip_id: number
  readonly source_video_id: number
  readonly embedding: Uint8Array
  readonly embedding_dim: number
}

/** @since 0.1.0 */
export const makeRanker = (options: Options = {}): MakeRanker => (sql) =>
  Effect.gen(function*() {
    const minCandidates = options.minCandidates ?? 256
    const factor = options.candidateFactor ?? 8
    const catchup = new Catchup(sql)

    /**
     * The vectors of some embedding ids (all when null) that pass the filters. With ids, the
     * filter columns carry SQLite's unary `+`, which keeps the planner on primary-key lookups
     * instead of walking the (model, strategy, dim) or clip-state index past every row.
     */
    const vectorsOf = (input: Pick<NearestInput, "filters" | "excludeClipId" | "excludeVideoId">, dim: number, ids: ReadonlyArray<number> | null) =>
      Effect.gen(function*() {
        const f = input.filters
        const rest = [
          sql`+c.ingest_state = 'embedded'`,
          ...(f.sourceVideoId !== undefined ? [sql`+c.source_video_id = ${f.sourceVideoId}`] : []),
          ...(input.excludeClipId !== undefined ? [sql`+e.clip_id <> ${input.excludeClipId}`] : []),
          ...(input.excludeVideoId !== undefined ? [sql`+c.source_video_id <> ${input.excludeVideoId}`] : [])
        ]
        if (ids === null) {
          return yield* sql<Row>`SELECT e.id, e.clip_id, c.source_video_id, e.embedding, e.embedding_dim
            FROM embeddings e JOIN clips c ON c.id = e.clip_id WHERE ${sql.and([filtersWhere(sql, f, dim), ...rest])}`
        }
        // CROSS JOIN fixes the join order: the listed embeddings first, then their clips by key.
        const rows: Array<Row> = []
        for (let i = 0; i < ids.length; i += chunk) {
          rows.push(...(yield* sql<Row>`SELECT e.id, e.clip_id, c.source_video_id, e.embedding, e.embedding_dim
            FROM embeddings e CROSS JOIN clips c ON c.id = e.clip_id
            WHERE ${sql.in("e.id", ids.slice(i, i + chunk))} AND +e.model_name = ${f.modelName}
              AND +e.generation_strategy = ${f.generationStrategy} AND +e.embedding_dim = ${sql.literal(String(dim))}
              AND ${sql.and(rest)}`))
        }
        return rows
      })

    const nearest = (input: NearestInput) =>
      Effect.gen(function*() {
        const dim = input.vector.length
        const index = yield* catchup.index(input.filters, dim)
        const wanted = input.offset + input.limit
        const count = Math.max(minCandidates, factor * wanted)
        const filter = {
          ...(input.filters.sourceVideoId === undefined ? {} : { sourceVideoId: input.filters.sourceVideoId }),
          ...(input.excludeClipId === undefined ? {} : { excludeClipId: input.excludeClipId }),
          ...(input.excludeVideoId === undefined ? {} : { excludeVideoId: input.excludeVideoId })
        }
        // Farthest from q is nearest to −q (cosine), so one index serves both orders.
        const sign = input.order === "nearest" ? 1 : -1
        const probe = input.vector.map((x) => sign * x)
        const ids = index === null || index.liveCount <= count ? null : index.candidates(probe, count, filter)
        const rows = yield* vectorsOf(input, dim, ids)
        const top = new TopK<Ranked>(wanted, input.order)
        for (const r of rows) {
          top.push({
            clipId: Number(r.clip_id),
            sourceVideoId: Number(r.source_video_id),
            distance: cosineDistance(input.vector, floatsOf(r.embedding, Number(r.embedding_dim)))
          })
        }
        return top.sorted().slice(input.offset, wanted)
      })

    /** Near-duplicate candidates from the codes' shared bands, kept if exactly within range. */
    const allPairs = (input: AllPairsInput) =>
      Effect.gen(function*() {
        const index = yield* catchup.index(input.filters, input.dim)
        if (index === null) return []
        const filter = input.filters.sourceVideoId === undefined ? {} : { sourceVideoId: input.filters.sourceVideoId }
        const candidates: Array<readonly [number, number]> = []
        const exhaustive = index.liveCount <= exhaustiveDuplicates
        const ids = exhaustive ? index.all(filter) : []
        if (exhaustive) {
          for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) candidates.push([ids[i]!, ids[j]!])
        } else {
          index.bandPairs(filter, (a, b) => {
            candidates.push([a, b])
          })
        }
        const rows = new Map<number, Row>()
        for (const r of yield* vectorsOf(input, input.dim, exhaustive ? null : Array.from(new Set(candidates.flat())))) rows.set(Number(r.id), r)
        const pairs: Array<RankedPair> = []
        for (const [a, b] of candidates) {
          const ra = rows.get(a)
          const rb = rows.get(b)
          if (ra === undefined || rb === undefined || Number(ra.source_video_id) === Number(rb.source_video_id)) continue
          const distance = cosineDistance(floatsOf(ra.embedding, input.dim), floatsOf(rb.embedding, input.dim))
          if (distance <= input.maxDistance) {
            pairs.push({
              a: { clipId: Number(ra.clip_id), sourceVideoId: Number(ra.source_video_id) },
              b: { clipId: Number(rb.clip_id), sourceVideoId: Number(rb.source_video_id) },
              distance
            })
          }
        }
        return pairs
      })

    return { nearest, allPairs }
  })
