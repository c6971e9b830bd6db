/**
 * Synthetic embedding data for search tests and the search benchmark: seeded, clustered and
 * anisotropic like CLIP image embeddings (every vector shares a common direction, clips of one
 * scene sit close together), bulk-loaded straight into a SQL catalog, plus the exact top-k that
 * recall is measured against.
 */
import type { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/** A deterministic pseudo-random stream (mulberry32). */
export const seeded = (seed: number) => () => {
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

export interface Shape {
  readonly n: number
  readonly dim: number
  /** Vectors per cluster (a "scene"); default 50. */
  readonly clusterSize?: number
  /** Standard deviations of the shared direction, the cluster centre and each vector's own noise. */
  readonly bias?: number
  readonly spread?: number
  readonly noise?: number
  readonly seed?: number
}

/**
 * `n` unit vectors, row-major. Defaults give CLIP-like statistics: mean cosine of a random pair
 * ≈ 0.44, of two vectors of one cluster ≈ 0.75.
 */
export const clustered = (shape: Shape): Float32Array => {
  const { n, dim } = shape
  const random = seeded(shape.seed ?? 42)
  const gauss = () => {
    let u = 0
    while (u === 0) u = random()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
  }
  const bias = Float32Array.from({ length: dim }, () => gauss() * (shape.bias ?? 1.2))
  const perCluster = shape.clusterSize ?? 50
  const out = new Float32Array(n * dim)
  let centre = new Float32Array(dim)
  for (let i = 0; i < n; i++) {
    if (i % perCluster === 0) centre = Float32Array.from({ length: dim }, () => gauss() * (shape.spread ?? 1))
    let norm = 0
    for (let d = 0; d < dim; d++) {
      const x = bias[d]! + centre[d]! + gauss() * (shape.noise ?? 0.9)
      out[i * dim + d] = x
      norm += x * x
    }
    norm = Math.sqrt(norm)
    for (let d = 0; d < dim; d++) out[i * dim + d]! /= norm
  }
  return out
}

/** Row `i` of a row-major matrix. */
export const row = (data: Float32Array, dim: number, i: number) => data.subarray(i * dim, (i + 1) * dim)

/** The exact `k` nearest rows to `query` by cosine (unit rows), ties by index; `skip` left out. */
export const exactTop = (data: Float32Array, dim: number, query: ArrayLike<number>, k: number, skip = -1, accept?: (i: number) => boolean): Array<number> => {
  const n = data.length / dim
  let qn = 0
  for (let d = 0; d < dim; d++) qn += query[d]! * query[d]!
  const best: Array<[number, number]> = []
  for (let i = 0; i < n; i++) {
    if (i === skip || (accept !== undefined && !accept(i))) continue
    let dot = 0
    for (let d = 0, o = i * dim; d < dim; d++) dot += query[d]! * data[o + d]!
    const s = dot / Math.sqrt(qn)
    if (best.length < k || s > best[best.length - 1]![0]) {
      best.push([s, i])
      best.sort((a, b) => b[0] - a[0] || a[1] - b[1])
      if (best.length > k) best.pop()
    }
  }
  return best.map(([, i]) => i)
}

/**
 * Loads `n` embedded clips (row i = clip i + 1, `videos` source videos round-robin) with the rows
 * of `data` as their vectors, straight through SQL: SQLite float32 blobs or pgvector text.
 */
export const load = (sql: SqlClient.SqlClient, dialect: "sqlite" | "pg", data: Float32Array, dim: number, options: { readonly model: string; readonly strategy: string; readonly videos?: number }) =>
  Effect.gen(function* () {
    const n = data.length / dim
    const videos = options.videos ?? 100
    const now = dialect === "sqlite" ? Date.now() : new Date()
    yield* sql`INSERT INTO source_videos ${sql.insert(Array.from({ length: videos }, (_, v) => ({
      id: v + 1, title: `video ${v + 1}`, source_uri: `/bench/${v + 1}.mp4`, ingest_state: "spliced", inserted_at: now, updated_at: now
    })))}`
    const batch = dialect === "sqlite" ? 500 : 1000
    for (let start = 0; start < n; start += batch) {
      const ids = Array.from({ length: Math.min(batch, n - start) }, (_, j) => start + j)
      yield* sql`INSERT INTO clips ${sql.insert(ids.map((i) => ({
        id: i + 1, source_video_id: (i % videos) + 1, clip_identifier: `bench_${i + 1}`,
        start_frame: i * 10, end_frame: i * 10 + 10, start_time_seconds: i, end_time_seconds: i + 1,
        ingest_state: "embedded", inserted_at: now, updated_at: now
      })))}`
      yield* sql`INSERT INTO embeddings ${sql.insert(ids.map((i) => {
        const v = row(data, dim, i)
        return {
          clip_id: i + 1,
          embedding: dialect === "sqlite" ? Buffer.from(Float32Array.from(v).buffer) : `[${Array.from(v).join(",")}]`,
          model_name: options.model, model_version: null, generation_strategy: options.strategy,
          embedding_dim: dim, generated_at: now
        }
      }))}`
    }
  })
