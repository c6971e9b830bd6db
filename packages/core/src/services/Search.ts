/**
 * The Search port: "find similar clips" over stored embeddings (see `docs/search.md`). Model and
 * strategy are always given, so every compared vector has the same dimension; a query vector of
 * another dimension is refused with `DimensionMismatch`, never compared.
 *
 * Ranking is by cosine distance (0 = same direction, 2 = opposite); ties are broken by clip id
 * ascending, so pages are stable. `farthest` ranks by distance descending (ties still by id).
 *
 * @since 0.1.0
 */
import type { Effect, Option } from "effect"
import { Context, Schema } from "effect"
import type { CatalogError, NotFound } from "../domain/errors.js"
import type { ClipId, SourceVideoId } from "../domain/Ids.js"

/** A query vector whose dimension differs from the stored vectors of that model and strategy. @since 0.1.0 */
export class DimensionMismatch extends Schema.TaggedError<DimensionMismatch>()("DimensionMismatch", {
  modelName: Schema.String,
  generationStrategy: Schema.String,
  /** The dimension(s) stored for this model and strategy. */
  expected: Schema.Array(Schema.Number),
  actual: Schema.Number
}) {
  override get message() {
    return `the query vector has ${this.actual} dimensions but ${this.modelName} (${this.generationStrategy}) vectors have ${this.expected.join(" or ")}`
  }
}

/** Text search needs an embedder with a text encoder for the searched model. @since 0.1.0 */
export class TextSearchUnavailable extends Schema.TaggedError<TextSearchUnavailable>()("TextSearchUnavailable", {
  modelName: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `text search with ${this.modelName} is unavailable: ${this.reason}`
  }
}

/** Which vectors a search ranks: those of one model and generation strategy, optionally of one video. @since 0.1.0 */
export interface Filters {
  readonly modelName: string
  readonly generationStrategy: string
  readonly sourceVideoId?: SourceVideoId
}

/** Which end of the ranking, and which page of it (1-based). @since 0.1.0 */
export interface Paging {
  /** `nearest` = most similar first. */
  readonly order: "nearest" | "farthest"
  readonly page: number
  readonly pageSize: number
}

/** Rank clips by similarity to the vector of a stored clip (`clipId`), which is left out of the results. @since 0.1.0 */
export interface SimilarQuery extends Filters, Paging {
  readonly clipId: ClipId
}

/** Rank stored vectors against a given vector (a text embedding, an uploaded image's…). @since 0.1.0 */
export interface VectorQuery extends Filters, Paging {
  readonly vector: ReadonlyArray<number>
  /** Left out of the results (the seed of a `similar` query). */
  readonly excludeClipId?: ClipId
}

/**
 * Near-duplicates across videos: pairs of clips of different source videos whose cosine distance
 * is at most `maxDistance`. With `clipId`, only that clip's duplicates.
 *
 * @since 0.1.0
 */
export interface DuplicatesQuery extends Filters {
  readonly maxDistance: number
  readonly clipId?: ClipId
  /** At most this many pairs, most similar first (default 1000). */
  readonly limit?: number
}

/** One ranked clip with its distance and similarity to the query. @since 0.1.0 */
export interface Match {
  readonly clipId: ClipId
  readonly sourceVideoId: SourceVideoId
  /** Cosine distance, 0…2. */
  readonly distance: number
  /** Cosine similarity, −1…1 (= 1 − distance). */
  readonly similarity: number
  /** round((1 − cosine distance) × 100). */
  readonly similarityPct: number
}

/** Two clips of different videos that look the same; `clipId < duplicate.clipId`. @since 0.1.0 */
export interface DuplicatePair {
  readonly clip: { readonly clipId: ClipId; readonly sourceVideoId: SourceVideoId }
  readonly duplicate: { readonly clipId: ClipId; readonly sourceVideoId: SourceVideoId }
  readonly distance: number
  readonly similarity: number
  readonly similarityPct: number
}

/** What the search page can filter by: the stored model names, generation strategies and videos. @since 0.1.0 */
export interface FilterOptions {
  readonly models: ReadonlyArray<string>
  readonly strategies: ReadonlyArray<string>
  readonly videos: ReadonlyArray<{ readonly id: SourceVideoId; readonly title: string }>
}

/**
 * Vector search over stored embeddings: similar clips, clips nearest to a vector, a random seed,
 * near-duplicates across videos, and the filter choices.
 *
 * @since 0.1.0
 */
export interface SearchShape {
  /** Other `embedded` clips ranked by cosine distance to the seed clip's vector. */
  readonly similar: (query: SimilarQuery) => Effect.Effect<ReadonlyArray<Match>, NotFound | CatalogError>
  /** `embedded` clips ranked by cosine distance to a given vector. */
  readonly nearest: (query: VectorQuery) => Effect.Effect<ReadonlyArray<Match>, DimensionMismatch | CatalogError>
  /** A random `embedded` clip with a vector matching the filters (no full sort). */
  readonly randomSeed: (filters: Filters) => Effect.Effect<Option.Option<ClipId>, CatalogError>
  /** Near-duplicate clips across videos, most similar first, ties by clip ids. */
  readonly duplicates: (query: DuplicatesQuery) => Effect.Effect<ReadonlyArray<DuplicatePair>, NotFound | CatalogError>
  readonly filterOptions: Effect.Effect<FilterOptions, CatalogError>
}

/**
 * The vector search over clips' embeddings.
 *
 * @since 0.1.0
 * @category tags
 */
export class Search extends Context.Tag("@heaters/core/Search")<Search, SearchShape>() {}

/** round((1 − distance) × 100), the percentage the search page shows. @since 0.1.0 */
export const similarityPct = (distance: number): number => Math.round((1 - distance) * 100)

/** A ranked row as a `Match`. @since 0.1.0 */
export const match = (clipId: ClipId, sourceVideoId: SourceVideoId, distance: number): Match => ({
  clipId,
  sourceVideoId,
  distance,
  similarity: 1 - distance,
  similarityPct: similarityPct(distance)
})

/** Orders ranked rows: by distance (ascending for `nearest`), ties by clip id ascending. @since 0.1.0 */
export const compare = (order: Paging["order"]) =>
(a: { readonly clipId: number; readonly distance: number }, b: { readonly clipId: number; readonly distance: number }): number =>
  (order === "nearest" ? a.distance - b.distance : b.distance - a.distance) || a.clipId - b.clipId

/** The rows a page covers: `offset` and `limit` from a 1-based page (bad numbers clamp). @since 0.1.0 */
export const window = (paging: Pick<Paging, "page" | "pageSize">) => {
  const page = Number.isFinite(paging.page) ? Math.max(1, Math.floor(paging.page)) : 1
  const limit = Number.isFinite(paging.pageSize) ? Math.max(0, Math.floor(paging.pageSize)) : 0
  return { offset: (page - 1) * limit, limit }
}

/** Orders duplicate pairs: most similar first, ties by the two clip ids. @since 0.1.0 */
export const compareDuplicates = (a: DuplicatePair, b: DuplicatePair): number =>
  a.distance - b.distance || a.clip.clipId - b.clip.clipId || a.duplicate.clipId - b.duplicate.clipId

/** A pair as a `DuplicatePair`, the smaller clip id first. @since 0.1.0 */
export const pair = (
  x: { readonly clipId: ClipId; readonly sourceVideoId: SourceVideoId },
  y: { readonly clipId: ClipId; readonly sourceVideoId: SourceVideoId },
  distance: number
): DuplicatePair => {
  const [clip, duplicate] = x.clipId < y.clipId ? [x, y] : [y, x]
  return {
    clip: { clipId: clip.clipId, sourceVideoId: clip.sourceVideoId },
    duplicate: { clipId: duplicate.clipId, sourceVideoId: duplicate.sourceVideoId },
    distance,
    similarity: 1 - distance,
    similarityPct: similarityPct(distance)
  }
}
