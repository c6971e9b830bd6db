/**
 * @heaters/core — the pure core of Heaters: domain, state machines, review event log, plans,
 * service ports and the pipeline. Imports nothing but `effect`.
 *
 * @since 0.1.0
 */
export * as Artifact from "./domain/Artifact.js"
export * as Clip from "./domain/Clip.js"
export * as Embedding from "./domain/Embedding.js"
export * as Errors from "./domain/errors.js"
export * as Ids from "./domain/Ids.js"
export * as ReviewEvent from "./domain/ReviewEvent.js"
export * as SourceVideo from "./domain/SourceVideo.js"
export * as StateMachine from "./domain/StateMachine.js"

export * as Cuts from "./plans/cuts.js"
export * as ExportPlan from "./plans/export.js"
export * as Keys from "./plans/keys.js"
export * as MergePlan from "./plans/merge.js"
export * as SplitPlan from "./plans/split.js"
export * as KeyframePlan from "./plans/keyframes.js"
export * as SpritePlan from "./plans/sprite.js"

export * as BlobStore from "./services/BlobStore.js"
export * as Catalog from "./services/Catalog.js"
export * as Embedder from "./services/Embedder.js"
export * as Fetcher from "./services/Fetcher.js"
export * as JobQueue from "./services/JobQueue.js"
export * as Media from "./services/Media.js"
export * as Search from "./services/Search.js"

export * as PipelineConfig from "./PipelineConfig.js"

export * as Dispatcher from "./pipeline/Dispatcher.js"
export * as Intake from "./pipeline/intake.js"
export * as Lease from "./pipeline/Lease.js"
export * as Progress from "./pipeline/Progress.js"
export * as Review from "./pipeline/review.js"
export * as Stages from "./pipeline/stages.js"
export * as Worker from "./pipeline/Worker.js"

export * as Heaters from "./Heaters.js"
