/**
 * The Search port: "find similar clips" over stored embeddings (DOMAIN.md §10 Ours). Model and
 * strategy are always given, so every compared vector has the same dimension.
 *
 * @since 0.1.0
 */
import type { Effect, Option } from "effect"
import { Context } from "effect"
import type { CatalogError, NotFound } from "../domain/errors.js"
import type { ClipId, SourceVideoId } from "../domain/Ids.js"

/** @since 0.1.0 */
export interface Filters {
  readonly modelName: string
  readonly generationStrategy: string
  readonly sourceVideoId?: SourceVideoId
}

/** @since 0.1.0 */
export interface SimilarQuery extends Filters {
  readonly clipId: ClipId
  /** `nearest` = most similar first. */
  readonly order: "nearest" | "farthest"
  readonly page: number
  readonly pageSize: number
}

/** @since 0.1.0 */
export interface Match {
  readonly clipId: ClipId
  readonly sourceVideoId: SourceVideoId
  readonly distance: number
  /** round((1 − cosine distance) × 100). */
  readonly similarityPct: number
}

/** @since 0.1.0 */
export interface FilterOptions {
  readonly models: ReadonlyArray<string>
  readonly strategies: ReadonlyArray<string>
  readonly videos: ReadonlyArray<{ readonly id: SourceVideoId; readonly title: string }>
}

/** @since 0.1.0 */
export interface SearchShape {
  /** Other `embedded` clips ranked by cosine distance to the seed's vector. */
  readonly similar: (query: SimilarQuery) => Effect.Effect<ReadonlyArray<Match>, NotFound | CatalogError>
  /** A random `embedded` clip with a vector matching the filters. */
  readonly randomSeed: (filters: Filters) => Effect.Effect<Option.Option<ClipId>, CatalogError>
  readonly filterOptions: Effect.Effect<FilterOptions, CatalogError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Search extends Context.Tag("@heaters/core/Search")<Search, SearchShape>() {}

/** round((1 − distance) × 100), the percentage the search page shows. @since 0.1.0 */
export const similarityPct = (distance: number): number => Math.round((1 - distance) * 100)
