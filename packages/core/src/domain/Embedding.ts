/**
 * One image-embedding vector per (clip, model, generation strategy) (docs/pipeline.md#embed).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { ClipId, EmbeddingId } from "./Ids.js"

/** One row of `embeddings`: the vector of a clip for one model and generation strategy. @since 0.1.0 */
export class Embedding extends Schema.Class<Embedding>("Embedding")({
  id: EmbeddingId,
  clipId: ClipId,
  vector: Schema.Array(Schema.Number),
  modelName: Schema.String,
  modelVersion: Schema.NullOr(Schema.String),
  generationStrategy: Schema.String,
  dim: Schema.Int,
  generatedAt: Schema.DateFromSelf
}) {}

/** What the embed stage upserts. @since 0.1.0 */
export type New = Omit<Embedding, "id" | "generatedAt">

/** `keyframe_<name>` optionally followed by `_avg` (docs/pipeline.md#embed). @since 0.1.0 */
export const strategyPattern = /^keyframe_[a-z0-9]+(_avg)?$/

/** Scales a vector to unit L2 norm (a zero vector stays zero). @since 0.1.0 */
export const normalize = (v: ReadonlyArray<number>): Array<number> => {
  const norm = Math.sqrt(v.reduce((sum, x) => sum + x * x, 0))
  return norm === 0 ? Array.from(v) : v.map((x) => x / norm)
}

/**
 * Aggregates per-keyframe vectors: each L2-normalised, then averaged (`_avg`) or the first taken,
 * then re-normalised, so cosine similarity equals a dot product.
 *
 * @since 0.1.0
 */
export const aggregate = (vectors: ReadonlyArray<ReadonlyArray<number>>, average: boolean): Array<number> => {
  const unit = vectors.map(normalize)
  if (!average || unit.length === 1) return unit[0] ?? []
  const dim = unit[0]!.length
  const sum = new Array<number>(dim).fill(0)
  for (const v of unit) for (let i = 0; i < dim; i++) sum[i]! += v[i]!
  return normalize(sum.map((x) => x / unit.length))
}

/** Cosine distance of two vectors of equal dimension (0 = same direction, 2 = opposite). @since 0.1.0 */
export const cosineDistance = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number => {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!
    na += a[i]! * a[i]!
    nb += b[i]! * b[i]!
  }
  return na === 0 || nb === 0 ? 1 : 1 - dot / Math.sqrt(na * nb)
}
