/**
 * One typed configuration for the pipeline (DOMAIN.md §14 Ours), with the defaults listed there.
 * Read it from the environment with `PipelineConfig.layerConfig` (keys `HEATERS_<NAME>`), or build it with
 * `PipelineConfig.make({...})`, which validates ranges.
 *
 * @since 0.1.0
 */
import type { ConfigError } from "effect"
import { Config as EffectConfig, Context, Effect, Layer } from "effect"
import { InvalidConfig } from "./domain/errors.js"
import type { Strategy as KeyframeStrategy } from "./plans/keyframes.js"
import { isStrategy } from "./plans/keyframes.js"
import type { QueueName } from "./services/JobQueue.js"

/** @since 0.1.0 */
export interface PipelineConfig {
  readonly spliceThreshold: number | undefined
  readonly detector: string
  readonly minClipSeconds: number
  readonly spriteTileWidth: number
  readonly spriteMaxFps: number
  readonly spriteMaxSheetPx: number
  readonly keyframeStrategy: KeyframeStrategy
  readonly embeddingModel: string
  readonly generationStrategy: string
  readonly minSplitSegmentSeconds: number
  readonly commitDelayMs: number
  readonly maxRetries: number
  readonly dispatchIntervalMs: number
  readonly dispatchBatch: number
  /** Backoff base for failed rows: min(2^retryCount × base, 30 min). */
  readonly retryBaseMs: number
  /** An in-progress row without a lease older than this is presumed abandoned and resumed. */
  readonly staleAfterMs: number
  /**
   * How long a worker's claim on an in-progress row lasts unless renewed; the live worker renews it
   * every third of this, and a row whose lease ran out is resumed at once (docs/RELIABILITY.md).
   */
  readonly leaseMs: number
  readonly queues: Readonly<Record<QueueName, number>>
  readonly reviewerId: string
  /** Near-duplicates across videos: cosine distance at most this (0…2; see `docs/search.md`). */
  readonly duplicateMaxDistance: number
  /** A review item whose temporal neighbour is at least this similar (cosine, −1…1) gets a merge hint. */
  readonly mergeHintThreshold: number
}

/** @since 0.1.0 */
export const defaults: PipelineConfig = {
  spliceThreshold: undefined,
  detector: "default",
  minClipSeconds: 1.0,
  spriteTileWidth: 480,
  spriteMaxFps: 24,
  spriteMaxSheetPx: 16_000,
  keyframeStrategy: "best",
  embeddingModel: "openai/clip-vit-base-patch32",
  generationStrategy: "keyframe_best_avg",
  minSplitSegmentSeconds: 0.5,
  commitDelayMs: 60_000,
  maxRetries: 3,
  dispatchIntervalMs: 60_000,
  dispatchBatch: 100,
  retryBaseMs: 30_000,
  staleAfterMs: 30 * 60_000,
  leaseMs: 30_000,
  queues: { download: 2, media: 1, ml: 1, light: 5 },
  reviewerId: "admin",
  duplicateMaxDistance: 0.01,
  mergeHintThreshold: 0.9
}

const positive = ["minClipSeconds", "spriteTileWidth", "spriteMaxFps", "spriteMaxSheetPx", "minSplitSegmentSeconds", "dispatchIntervalMs", "dispatchBatch", "staleAfterMs", "leaseMs"] as const
const nonNegative = ["commitDelayMs", "maxRetries", "retryBaseMs"] as const

/**
 * Defaults overridden by `overrides`, validated: absurd values fail with `InvalidConfig`.
 *
 * @since 0.1.0
 */
export const make = (overrides: Partial<PipelineConfig> = {}): Effect.Effect<PipelineConfig, InvalidConfig> => {
  const config: PipelineConfig = { ...defaults, ...overrides, queues: { ...defaults.queues, ...overrides.queues } }
  const bad = (key: string, reason: string) => Effect.fail(new InvalidConfig({ key, reason }))
  for (const key of positive) {
    const v = config[key]
    if (!Number.isFinite(v) || v <= 0) return bad(key, `must be a positive number, got ${v}`)
  }
  for (const key of nonNegative) {
    const v = config[key]
    if (!Number.isFinite(v) || v < 0) return bad(key, `must be ≥ 0, got ${v}`)
  }
  if (config.spliceThreshold !== undefined && !Number.isFinite(config.spliceThreshold)) {
    return bad("spliceThreshold", `must be a number, got ${config.spliceThreshold}`)
  }
  if (!(config.duplicateMaxDistance >= 0 && config.duplicateMaxDistance <= 2)) {
    return bad("duplicateMaxDistance", `must be a cosine distance in 0…2, got ${config.duplicateMaxDistance}`)
  }
  if (!(config.mergeHintThreshold >= -1 && config.mergeHintThreshold <= 1)) {
    return bad("mergeHintThreshold", `must be a cosine similarity in −1…1, got ${config.mergeHintThreshold}`)
  }
  if (!isStrategy(config.keyframeStrategy)) return bad("keyframeStrategy", `must be midpoint, multi or best, got ${config.keyframeStrategy}`)
  if (!/^keyframe_[a-z0-9]+(_avg)?$/.test(config.generationStrategy)) {
    return bad("generationStrategy", `must look like keyframe_<name>[_avg], got ${config.generationStrategy}`)
  }
  for (const [queue, n] of Object.entries(config.queues)) {
    if (!Number.isInteger(n) || n < 0 || n > 64) return bad(`queues.${queue}`, `concurrency must be an integer in 0…64, got ${n}`)
  }
  return Effect.succeed(config)
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Pipeline extends Context.Tag("@heaters/core/Config/Pipeline")<Pipeline, PipelineConfig>() {}

/** @since 0.1.0 */
export const layer = (overrides: Partial<PipelineConfig> = {}): Layer.Layer<Pipeline, InvalidConfig> =>
  Layer.effect(Pipeline, make(overrides))

/**
 * The pipeline config from the environment: `HEATERS_COMMIT_DELAY_MS`, `HEATERS_MAX_RETRIES`, … (each
 * optional, defaults as above).
 *
 * @since 0.1.0
 */
export const fromEnv: EffectConfig.Config<Partial<PipelineConfig>> = EffectConfig.all({
  detector: EffectConfig.option(EffectConfig.string("HEATERS_DETECTOR")),
  minClipSeconds: EffectConfig.option(EffectConfig.number("HEATERS_MIN_CLIP_SECONDS")),
  commitDelayMs: EffectConfig.option(EffectConfig.number("HEATERS_COMMIT_DELAY_MS")),
  maxRetries: EffectConfig.option(EffectConfig.integer("HEATERS_MAX_RETRIES")),
  dispatchIntervalMs: EffectConfig.option(EffectConfig.number("HEATERS_DISPATCH_INTERVAL_MS")),
  leaseMs: EffectConfig.option(EffectConfig.number("HEATERS_LEASE_MS")),
  embeddingModel: EffectConfig.option(EffectConfig.string("HEATERS_EMBEDDING_MODEL")),
  duplicateMaxDistance: EffectConfig.option(EffectConfig.number("HEATERS_DUPLICATE_MAX_DISTANCE")),
  mergeHintThreshold: EffectConfig.option(EffectConfig.number("HEATERS_MERGE_HINT_THRESHOLD"))
}).pipe(
  EffectConfig.map((options) =>
    Object.fromEntries(Object.entries(options).flatMap(([k, v]) => (v._tag === "Some" ? [[k, v.value]] : [])))
  )
)

/** @since 0.1.0 */
export const layerConfig: Layer.Layer<Pipeline, InvalidConfig | ConfigError.ConfigError> = Layer.effect(
  Pipeline,
  Effect.flatMap(fromEnv, make)
)
