/**
 * Search as the facade offers it: model name and generation strategy default to the pipeline
 * config, so a caller names only what it searches for; text queries go through the Embedder's
 * text encoder into the same nearest-vector search (see `docs/search.md`).
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { ClipId, SourceVideoId } from "../domain/Ids.js"
import { Pipeline } from "../PipelineConfig.js"
import { Embedder } from "../services/Embedder.js"
import * as Search from "../services/Search.js"

/** Which vectors to search; model and strategy default to the configured ones. @since 0.1.0 */
export interface ScopeOptions {
  readonly modelName?: string
  readonly generationStrategy?: string
  /** Only clips of this source video. */
  readonly sourceVideoId?: SourceVideoId
}

/** @since 0.1.0 */
export interface Options extends ScopeOptions {
  /** Default `nearest` (most similar first). */
  readonly order?: "nearest" | "farthest"
  /** 1-based, default 1. */
  readonly page?: number
  /** Default 12. */
  readonly pageSize?: number
}

/** @since 0.1.0 */
export interface DuplicateOptions extends ScopeOptions {
  /** Only this clip's duplicates (default: every pair). */
  readonly clipId?: ClipId
  /** Default the config's `duplicateMaxDistance` (0.01). */
  readonly maxDistance?: number
  /** At most this many pairs (default 1000). */
  readonly limit?: number
}

/** The page size when none is given (the search page's). @since 0.1.0 */
export const defaultPageSize = 12

const filters = (options: ScopeOptions = {}) =>
  Effect.map(Pipeline, (config): Search.Filters => ({
    modelName: options.modelName || config.embeddingModel,
    generationStrategy: options.generationStrategy || config.generationStrategy,
    ...(options.sourceVideoId === undefined ? {} : { sourceVideoId: options.sourceVideoId })
  }))

const paging = (options: Options = {}): Search.Paging => ({
  order: options.order ?? "nearest",
  page: options.page ?? 1,
  pageSize: options.pageSize ?? defaultPageSize
})

/** Other embedded clips ranked by similarity to `clipId`'s vector. @since 0.1.0 */
export const similar = (clipId: ClipId, options?: Options) =>
  Effect.flatMap(Effect.zip(filters(options), Search.Search), ([f, search]) => search.similar({ ...f, ...paging(options), clipId }))

/**
 * Embedded clips ranked by similarity to a text, encoded with the Embedder's text encoder. Fails
 * with `TextSearchUnavailable` when the embedder has none or serves another model.
 *
 * @since 0.1.0
 */
export const text = (query: string, options?: Options) =>
  Effect.gen(function* () {
    const f = yield* filters(options)
    const embedder = yield* Embedder
    if (embedder.embedText === undefined) {
      return yield* new Search.TextSearchUnavailable({ modelName: f.modelName, reason: `the embedder ${embedder.model.name} has no text encoder` })
    }
    if (embedder.model.name !== f.modelName) {
      return yield* new Search.TextSearchUnavailable({ modelName: f.modelName, reason: `the embedder serves ${embedder.model.name}, not ${f.modelName}` })
    }
    const [vector] = yield* embedder.embedText([query])
    if (vector === undefined || vector.length === 0) {
      return yield* new Search.TextSearchUnavailable({ modelName: f.modelName, reason: "the text encoder returned no vector" })
    }
    const search = yield* Search.Search
    return yield* search.nearest({ ...f, ...paging(options), vector })
  })

/** A random embedded clip matching the scope, or none. @since 0.1.0 */
export const random = (options?: ScopeOptions) => Effect.flatMap(Effect.zip(filters(options), Search.Search), ([f, search]) => search.randomSeed(f))

/** Near-duplicate clips across videos (cosine distance ≤ `maxDistance`). @since 0.1.0 */
export const duplicates = (options: DuplicateOptions = {}) =>
  Effect.gen(function* () {
    const f = yield* filters(options)
    const config = yield* Pipeline
    const search = yield* Search.Search
    return yield* search.duplicates({
      ...f,
      maxDistance: options.maxDistance ?? config.duplicateMaxDistance,
      ...(options.clipId === undefined ? {} : { clipId: options.clipId }),
      ...(options.limit === undefined ? {} : { limit: options.limit })
    })
  })
