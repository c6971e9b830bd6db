/**
 * One typed configuration for the pipeline (docs/configuration.md). Read it from the environment
 * with `PipelineConfig.layerConfig` (every key as `HEATERS_<KEY>`), or build it with
 * `PipelineConfig.make({...})` / `PipelineConfig.layer({...})`, which validate ranges and integers.
 *
 * @since 0.1.0
 */
import type { ConfigError } from "effect"
import { Config as EffectConfig, Context, Effect, Layer, Option } from "effect"
import { InvalidConfig } from "./domain/errors.js"
import type { Strategy as KeyframeStrategy } from "./plans/keyframes.js"
import { isStrategy } from "./plans/keyframes.js"
import type { QueueName } from "./services/JobQueue.js"

/**
 * Every pipeline setting, resolved (defaults filled in). Durations are in milliseconds (`…Ms`);
 * `docs/configuration.md` describes each key.
 *
 * @since 0.1.0
 */
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

/** The defaults every setting falls back to. @since 0.1.0 */
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
const integers: ReadonlySet<keyof PipelineConfig> = new Set(["spriteTileWidth", "spriteMaxSheetPx", "maxRetries", "dispatchBatch"])

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
  for (const key of integers) {
    if (!Number.isInteger(config[key])) return bad(key, `must be a whole number, got ${config[key]}`)
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
 * The resolved settings in context; every stage reads them from here.
 *
 * @since 0.1.0
 * @category tags
 */
export class Pipeline extends Context.Tag("@heaters/core/Config/Pipeline")<Pipeline, PipelineConfig>() {}

/** The settings: defaults overridden by `overrides`, validated (`InvalidConfig` otherwise). @since 0.1.0 */
export const layer = (overrides: Partial<PipelineConfig> = {}): Layer.Layer<Pipeline, InvalidConfig> =>
  Layer.effect(Pipeline, make(overrides))

const envName = (key: string) => `HEATERS_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`

const fromEnvKey = (key: keyof PipelineConfig): EffectConfig.Config<Option.Option<unknown>> => {
  const name = envName(key)
  if (key === "queues") {
    return EffectConfig.map(
      EffectConfig.all(
        Object.fromEntries(Object.keys(defaults.queues).map((queue) => [queue, EffectConfig.option(EffectConfig.integer(`HEATERS_QUEUE_${queue.toUpperCase()}`))]))
      ),
      (queues) => {
        const set = Object.entries(queues).flatMap(([q, n]) => (Option.isSome(n) ? [[q, n.value]] : []))
        return set.length === 0 ? Option.none() : Option.some(Object.fromEntries(set))
      }
    )
  }
  const fallback = defaults[key]
  const read: EffectConfig.Config<unknown> = typeof fallback === "string" ? EffectConfig.string(name) : integers.has(key) ? EffectConfig.integer(name) : EffectConfig.number(name)
  return EffectConfig.option(read)
}

/**
 * Every setting from the environment, each optional: `HEATERS_` + the key in upper snake case
 * (`commitDelayMs` → `HEATERS_COMMIT_DELAY_MS`), and `HEATERS_QUEUE_<NAME>` for a queue's
 * concurrency (`HEATERS_QUEUE_MEDIA=2`).
 *
 * @since 0.1.0
 */
export const fromEnv: EffectConfig.Config<Partial<PipelineConfig>> = EffectConfig.map(
  EffectConfig.all(Object.fromEntries((Object.keys(defaults) as Array<keyof PipelineConfig>).map((key) => [key, fromEnvKey(key)]))),
  (options) => Object.fromEntries(Object.entries(options).flatMap(([k, v]) => (Option.isSome(v) ? [[k, v.value]] : []))) as Partial<PipelineConfig>
)

/** The settings from the `HEATERS_*` environment (see `fromEnv`), validated. @since 0.1.0 */
export const layerConfig: Layer.Layer<Pipeline, InvalidConfig | ConfigError.ConfigError> = Layer.effect(
  Pipeline,
  Effect.flatMap(fromEnv, make)
)
