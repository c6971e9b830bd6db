/**
 * Keeps one process's `VectorIndex`es in step with the SQLite file, whoever writes to it: the
 * triggers of migration `2_vector_search` append the clip id of every change that can move a
 * vector in or out of search to `embedding_changes`; before each query the newest sequence
 * number is read (one index lookup) and only the clips changed since are re-read. A reader that
 * fell behind a pruned log, or a group that doubled since its mean was taken, is rebuilt.
 * See `docs/search.md`.
 *
 * @since 0.1.0
 */
import type { SqlClient } from "@effect/sql"
import type { Search } from "@heaters/core"
import { Effect } from "effect"
import { floatsOf } from "../sql/dialect.js"
import { meanOf, VectorIndex } from "./VectorIndex.js"

interface Row {
  readonly id: number
  readonly clip_id: number
  readonly model_name: string
  readonly generation_strategy: string
  readonly embedding_dim: number
  readonly embedding: Uint8Array
  readonly source_video_id: number
  readonly live: number
}

/** Log entries kept behind the newest; older readers rebuild. */
const keepChanges = 50_000
/** More changes than this since the last query: rebuilding is cheaper than replaying. */
const replayLimit = 20_000
/** Vectors sampled for a group's mean. */
const meanSample = 8192
const page = 2000

const keyOf = (model: string, strategy: string, dim: number) => `${model}\u0000${strategy}\u0000${dim}`

/** @since 0.1.0 */
export class Catchup {
  private lastSeq = -1
  private readonly groups = new Map<string, VectorIndex>()

  constructor(private readonly sql: SqlClient.SqlClient) {}

  /** The up-to-date index of one group, or null when it holds no vectors. */
  index(filters: Search.Filters, dim: number) {
    return Effect.map(this.sync, () => this.groups.get(keyOf(filters.modelName, filters.generationStrategy, dim)) ?? null)
  }

  private readonly columns = (sql: SqlClient.SqlClient) =>
    sql`e.id, e.clip_id, e.model_name, e.generation_strategy, e.embedding_dim, e.embedding, c.source_video_id,
      CASE WHEN c.ingest_state = 'embedded' THEN 1 ELSE 0 END AS live`

  private add(row: Row) {
    const dim = Number(row.embedding_dim)
    const key = keyOf(row.model_name, row.generation_strategy, dim)
    let group = this.groups.get(key)
    if (group === undefined) {
      group = new VectorIndex(dim, new Float32Array(dim), 0)
      this.groups.set(key, group)
    }
    group.upsert(
      { embeddingId: Number(row.id), clipId: Number(row.clip_id), sourceVideoId: Number(row.source_video_id), live: Number(row.live) === 1 },
      floatsOf(row.embedding, dim)
    )
  }

  /** Reads one group afresh: its mean from a sample, then every vector's code, page by page. */
  private rebuildGroup(model: string, strategy: string, dim: number, count: number) {
    const { sql } = this
    const self = this
    return Effect.gen(function*() {
      const group = sql`e.model_name = ${model} AND e.generation_strategy = ${strategy} AND e.embedding_dim = ${sql.literal(String(dim))}`
      const every = Math.max(1, Math.ceil(count / meanSample))
      const sample = yield* sql<{ embedding: Uint8Array }>`SELECT e.embedding FROM embeddings e WHERE ${group} AND e.id % ${every} = 0`
      const index = new VectorIndex(dim, meanOf(dim, sample.map((r) => floatsOf(r.embedding, dim))), count, Math.max(1024, count))
      self.groups.set(keyOf(model, strategy, dim), index)
      let after = 0
      for (;;) {
        const rows = yield* sql<Row>`SELECT ${self.columns(sql)} FROM embeddings e JOIN clips c ON c.id = e.clip_id
          WHERE ${group} AND e.id > ${after} ORDER BY e.id LIMIT ${page}`
        for (const row of rows) self.add(row)
        if (rows.length < page) break
        after = Number(rows[rows.length - 1]!.id)
      }
    })
  }

  private rebuild(upTo: number) {
    const { sql } = this
    const self = this
    return Effect.gen(function*() {
      self.groups.clear()
      const groups = yield* sql<{ m: string; s: string; d: number; n: number }>`
        SELECT model_name AS m, generation_strategy AS s, embedding_dim AS d, count(*) AS n FROM embeddings GROUP BY 1, 2, 3`
      for (const g of groups) yield* self.rebuildGroup(g.m, g.s, Number(g.d), Number(g.n))
      self.lastSeq = upTo
    })
  }

  /** Replays the clips changed since `lastSeq`. */
  private replay(upTo: number) {
    const { sql } = this
    const self = this
    return Effect.gen(function*() {
      const changed = yield* sql<{ clip_id: number }>`
        SELECT DISTINCT clip_id FROM embedding_changes WHERE seq > ${self.lastSeq} AND seq <= ${upTo}`
      const ids = changed.map((r) => Number(r.clip_id))
      for (let i = 0; i < ids.length; i += 900) {
        const slice = ids.slice(i, i + 900)
        for (const group of self.groups.values()) for (const id of slice) group.remove(id)
        const rows = yield* sql<Row>`SELECT ${self.columns(sql)} FROM embeddings e JOIN clips c ON c.id = e.clip_id
          WHERE ${sql.in("e.clip_id", slice)}`
        for (const row of rows) self.add(row)
      }
      self.lastSeq = upTo
      for (const [key, group] of self.groups) {
        if (group.size === 0) self.groups.delete(key)
        else if (group.stale) {
          const [model, strategy] = key.split("\u0000")
          yield* self.rebuildGroup(model!, strategy!, group.dim, group.size)
        }
      }
    })
  }

  /** Brings every group up to the newest change. */
  readonly sync = Effect.suspend(() => {
    const { sql } = this
    const self = this
    return Effect.gen(function*() {
      // Two subqueries: SQLite answers a lone min() or max() from the primary key in one step,
      // but `SELECT min(seq), max(seq)` together scans the whole log.
      const [log] = yield* sql<{ lo: number | null; hi: number | null }>`
        SELECT (SELECT min(seq) FROM embedding_changes) AS lo, (SELECT max(seq) FROM embedding_changes) AS hi`
      const hi = Number(log?.hi ?? 0)
      const lo = Number(log?.lo ?? 0)
      if (self.lastSeq === hi) return
      const pruned = hi > self.lastSeq && lo > self.lastSeq + 1
      if (self.lastSeq < 0 || pruned || hi < self.lastSeq || hi - self.lastSeq > replayLimit) yield* self.rebuild(hi)
      else yield* self.replay(hi)
      if (hi - lo > 2 * keepChanges) yield* sql`DELETE FROM embedding_changes WHERE seq < ${hi - keepChanges}`
    })
  })
}
