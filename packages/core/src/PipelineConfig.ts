/**
 * One typed configuration for the pipeline (docs/configuration.md). Read it from the environment
 * with `PipelineConfig.layerConfig` (every key as `HEATERS_<KEY>`), or build it with
 * `PipelineConfig.make({...})` / `PipelineConfig.layer({...})`. Either way the whole configuration
 * is decoded by one Schema (ranges, whole numbers, known keys), and the first problem becomes an
 * `InvalidConfig` naming the key.
 *
 * @since 0.1.0
 */
import { Config as EffectConfig, ConfigError, Context, Duration, Effect, Either, Layer, Option, ParseResult, Schema } from "effect"
import { InvalidConfig } from "./domain/errors.js"
import type { Strategy as KeyframeStrategy } from "./plans/keyframes.js"
import { isStrategy, strategies } from "./plans/keyframes.js"
import type { QueueName } from "./services/JobQueue.js"
import { durationFromEnv, durationInput } from "./domain/durations.js"

/**
 * Every pipeline setting, resolved (defaults filled in). Time spans are `Duration`s;
 * `docs/configuration.md` describes each key.
 *
 * @since 0.1.0
 */
export interface PipelineConfig {
  /** Scene-cut score threshold; `undefined` lets the detector pick its own. */
  readonly spliceThreshold: number | undefined
  /** Scene detector name (`default`, `hsv`, …; docs/media.md). */
  readonly detector: string
  /** Shortest clip the splice keeps, in seconds (shorter scenes join a neighbour). */
  readonly minClipSeconds: number
  /** Width in pixels of one sprite-sheet tile. */
  readonly spriteTileWidth: number
  /** Highest frame rate a sprite sheet samples at. */
  readonly spriteMaxFps: number
  /** Longest side in pixels a sprite sheet may have. */
  readonly spriteMaxSheetPx: number
  /** Which frames represent a clip: `midpoint`, `multi` or `best`. */
  readonly keyframeStrategy: KeyframeStrategy
  /** Name of the embedding model the pipeline asks the embedder for. */
  readonly embeddingModel: string
  /** How keyframe vectors become a clip's embedding: `keyframe_<name>[_avg]`. */
  readonly generationStrategy: string
  /** Shortest part a split may leave, in seconds. */
  readonly minSplitSegmentSeconds: number
  /** Review grace period: merge/split commit, and keyframe/archive pick-up, wait this long. */
  readonly commitDelay: Duration.Duration
  /** Attempts before a row stays failed. */
  readonly maxRetries: number
  /** Time between Dispatcher ticks under `runWorkers`. */
  readonly dispatchInterval: Duration.Duration
  /** Rows the Dispatcher enqueues per stage and tick at most. */
  readonly dispatchBatch: number
  /** Backoff base for failed rows: min(2^retryCount × base, 30 min). */
  readonly retryBase: Duration.Duration
  /** An in-progress row without a lease untouched for this long is presumed abandoned and resumed. */
  readonly staleAfter: Duration.Duration
  /**
   * How long a worker's claim on an in-progress row lasts unless renewed; the live worker renews it
   * every third of this, and a row whose lease ran out is resumed at once (docs/RELIABILITY.md).
   */
  readonly lease: Duration.Duration
  /** Concurrency of each job queue (0…64). */
  readonly queues: Readonly<Record<QueueName, number>>
  /** Reviewer id recorded on review events when the caller names none. */
  readonly reviewerId: string
  /** Near-duplicates across videos: cosine distance at most this (0…2; see `docs/search.md`). */
  readonly duplicateMaxDistance: number
  /** A review item whose temporal neighbour is at least this similar (cosine, −1…1) gets a merge hint. */
  readonly mergeHintThreshold: number
}

/**
 * What `make` and `layer` accept: any subset of the keys, time spans as a `Duration.DurationInput`
 * (a `Duration`, a number of milliseconds, or a string such as `"30 seconds"`), queues one by one.
 *
 * @since 0.1.0
 */
export type Input =
  & {
    readonly [K in Exclude<keyof PipelineConfig, "queues">]?: PipelineConfig[K] extends Duration.Duration
      ? Duration.DurationInput
      : PipelineConfig[K]
  }
  & { readonly queues?: Partial<Record<QueueName, number>> }

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
  commitDelay: Duration.minutes(1),
  maxRetries: 3,
  dispatchInterval: Duration.minutes(1),
  dispatchBatch: 100,
  retryBase: Duration.seconds(30),
  staleAfter: Duration.minutes(30),
  lease: Duration.seconds(30),
  queues: { download: 2, media: 1, ml: 1, light: 5 },
  reviewerId: "admin",
  duplicateMaxDistance: 0.01,
  mergeHintThreshold: 0.9
}

const number = (rule: string, ok: (n: number) => boolean) =>
  Schema.Number.pipe(Schema.filter((n) => ok(n) || `must be ${rule}, got ${n}`))
const positive = number("a positive number", (n) => Number.isFinite(n) && n > 0)
const wholePositive = number("a positive whole number", (n) => Number.isInteger(n) && n > 0)
const wholeNonNegative = number("a whole number ≥ 0", (n) => Number.isInteger(n) && n >= 0)
const text = Schema.String.pipe(Schema.filter((s) => s.trim().length > 0 || "must not be empty"))
const span = (rule: string, ok: (d: Duration.Duration) => boolean) =>
  durationInput.pipe(Schema.filter((d) => ok(d) || `must be ${rule}, got ${Duration.format(d)}`))
const positiveSpan = span("a positive duration", Duration.greaterThan(Duration.zero))
const anySpan = span("a duration ≥ 0", Duration.greaterThanOrEqualTo(Duration.zero))
const concurrency = number("an integer in 0…64", (n) => Number.isInteger(n) && n >= 0 && n <= 64)

/**
 * The whole configuration as a Schema: each key's range, whole numbers where counts are meant, and
 * no unknown key (a leftover `leaseMs` fails instead of being ignored).
 *
 * @since 0.1.0
 * @category schemas
 */
export const PipelineConfigSchema = Schema.Struct({
  spliceThreshold: Schema.UndefinedOr(number("a finite number", Number.isFinite)),
  detector: text,
  minClipSeconds: positive,
  spriteTileWidth: wholePositive,
  spriteMaxFps: positive,
  spriteMaxSheetPx: wholePositive,
  keyframeStrategy: Schema.String.pipe(
    Schema.filter(isStrategy, { message: (issue) => `must be one of ${strategies.join(", ")}, got ${String(issue.actual)}` })
  ),
  embeddingModel: text,
  generationStrategy: Schema.String.pipe(
    Schema.filter((s) => /^keyframe_[a-z0-9]+(_avg)?$/.test(s) || `must look like keyframe_<name>[_avg], got ${s}`)
  ),
  minSplitSegmentSeconds: positive,
  commitDelay: anySpan,
  maxRetries: wholeNonNegative,
  dispatchInterval: positiveSpan,
  dispatchBatch: wholePositive,
  retryBase: anySpan,
  staleAfter: positiveSpan,
  lease: positiveSpan,
  queues: Schema.Struct({ download: concurrency, media: concurrency, ml: concurrency, light: concurrency }),
  reviewerId: text,
  duplicateMaxDistance: number("a cosine distance in 0…2", (n) => n >= 0 && n <= 2),
  mergeHintThreshold: number("a cosine similarity in −1…1", (n) => n >= -1 && n <= 1)
})

const decode = Schema.decodeUnknownEither(PipelineConfigSchema, { onExcessProperty: "error" })

/** The first problem of a failed decode as the key it concerns and what is wrong with it. */
const invalid = (error: ParseResult.ParseError): InvalidConfig => {
  const [first] = ParseResult.ArrayFormatter.formatErrorSync(error)
  return new InvalidConfig({ key: first?.path.join(".") || "(config)", reason: first?.message ?? error.message })
}

/**
 * Defaults overridden by `overrides`, decoded by `PipelineConfigSchema`: absurd values fail with
 * `InvalidConfig` naming the key.
 *
 * @since 0.1.0
 */
export const make = (overrides: Input = {}): Effect.Effect<PipelineConfig, InvalidConfig> => {
  const merged = { ...defaults, ...overrides, queues: { ...defaults.queues, ...overrides.queues } }
  return Either.match(decode(merged), { onLeft: (e) => Effect.fail(invalid(e)), onRight: Effect.succeed })
}

/**
 * The resolved settings in context; every stage reads them from here.
 *
 * @since 0.1.0
 * @category tags
 */
export class Pipeline extends Context.Tag("@heaters/core/Config/Pipeline")<Pipeline, PipelineConfig>() {}

/** The settings: defaults overridden by `overrides`, validated (`InvalidConfig` otherwise). @since 0.1.0 */
export const layer = (overrides: Input = {}): Layer.Layer<Pipeline, InvalidConfig> => Layer.effect(Pipeline, make(overrides))

/** `commitDelay` → `HEATERS_COMMIT_DELAY`. */
const envName = (key: string) => `HEATERS_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`

const integers: ReadonlySet<keyof PipelineConfig> = new Set(["spriteTileWidth", "spriteMaxSheetPx", "maxRetries", "dispatchBatch"])

const queuesFromEnv: EffectConfig.Config<Option.Option<Partial<Record<QueueName, number>>>> = EffectConfig.map(
  EffectConfig.all(
    Object.fromEntries(
      Object.keys(defaults.queues).map((queue) => [queue, EffectConfig.option(EffectConfig.integer(`HEATERS_QUEUE_${queue.toUpperCase()}`))])
    )
  ),
  (queues) => {
    const set = Object.entries(queues).flatMap(([q, n]) => (Option.isSome(n) ? [[q, n.value]] : []))
    return set.length === 0 ? Option.none() : Option.some(Object.fromEntries(set))
  }
)

/**
 * A duration from `name`; the variable's name before 0.1 (`name` + `_MS`) is refused with a
 * `ConfigError` that names the new one, so a renamed setting cannot be silently ignored.
 */
const spanFromEnv = (name: string): EffectConfig.Config<Option.Option<Duration.Duration>> =>
  EffectConfig.mapOrFail(
    EffectConfig.all([EffectConfig.option(EffectConfig.string(`${name}_MS`)), EffectConfig.option(durationFromEnv(name))]),
    ([legacy, span]) =>
      Option.isSome(legacy)
        ? Either.left(ConfigError.InvalidData([`${name}_MS`], `${name}_MS was renamed ${name} (a duration: 1500 = millis, 30s, "30 seconds")`))
        : Either.right(span)
  )

const fromEnvKey = (key: keyof PipelineConfig): EffectConfig.Config<Option.Option<unknown>> => {
  if (key === "queues") return queuesFromEnv
  const name = envName(key)
  const fallback = defaults[key]
  if (Duration.isDuration(fallback)) return spanFromEnv(name)
  const read: EffectConfig.Config<unknown> = typeof fallback === "string"
    ? EffectConfig.string(name)
    : integers.has(key)
    ? EffectConfig.integer(name)
    : EffectConfig.number(name)
  return EffectConfig.option(read)
}

/**
 * Every setting from the environment, each optional: `HEATERS_` + the key in upper snake case
 * (`commitDelay` → `HEATERS_COMMIT_DELAY`), and `HEATERS_QUEUE_<NAME>` for a queue's concurrency
 * (`HEATERS_QUEUE_MEDIA=2`). A time span is a plain number of milliseconds (`1500`), a number with
 * a short unit (`500ms`, `30s`, `2m`, `1h`, `1d`) or Effect's form (`30 seconds`).
 *
 * @since 0.1.0
 */
export const fromEnv: EffectConfig.Config<Input> = EffectConfig.map(
  EffectConfig.all(Object.fromEntries((Object.keys(defaults) as Array<keyof PipelineConfig>).map((key) => [key, fromEnvKey(key)]))),
  (options) => Object.fromEntries(Object.entries(options).flatMap(([k, v]) => (Option.isSome(v) ? [[k, v.value]] : []))) as Input
)

/** The settings from the `HEATERS_*` environment (see `fromEnv`), validated. @since 0.1.0 */
export const layerConfig: Layer.Layer<Pipeline, InvalidConfig | ConfigError.ConfigError> = Layer.effect(
  Pipeline,
  Effect.flatMap(fromEnv, make)
)
