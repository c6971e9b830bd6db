/**
 * @heaters/core — what a host application needs: the `Heaters` facade, its configuration, the
 * domain's records and errors, and the ports a host implements to plug in its own back-ends.
 * The pipeline's machinery (stages, worker, dispatcher, plans) is in `@heaters/core/pipeline`.
 *
 * @since 0.1.0
 */
export * as Heaters from "./Heaters.js"
export * as PipelineConfig from "./PipelineConfig.js"
export * as Errors from "./Errors.js"
export * as Progress from "./pipeline/Progress.js"
export * as Tracing from "./Tracing.js"
export * as Review from "./pipeline/review.js"

export * as Artifact from "./domain/Artifact.js"
export * as Clip from "./domain/Clip.js"
export * as Embedding from "./domain/Embedding.js"
export * as Ids from "./domain/Ids.js"
export * as ReviewEvent from "./domain/ReviewEvent.js"
export * as SourceVideo from "./domain/SourceVideo.js"

export * as BlobStore from "./services/BlobStore.js"
export * as Catalog from "./services/Catalog.js"
export * as Embedder from "./services/Embedder.js"
export * as Fetcher from "./services/Fetcher.js"
export * as JobQueue from "./services/JobQueue.js"
export * as Media from "./services/Media.js"
export * as Search from "./services/Search.js"
