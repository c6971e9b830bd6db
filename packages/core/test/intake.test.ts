import { PipelineConfig, Heaters } from "@heaters/core"
import { Intake } from "@heaters/core/pipeline"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Exit } from "effect"
import { layer, scenes } from "./support.js"

describe("intake", () => {
  it.effect("classifies URLs by host and local paths by base name", () =>
    Effect.gen(function* () {
      expect(yield* Intake.classify("https://www.example.com/watch?v=1")).toEqual({
        sourceUri: "https://www.example.com/watch?v=1",
        title: "www.example.com",
        webScraped: true
      })
      expect(yield* Intake.classify("  /srv/media/Holiday 2024.final.mp4 ")).toEqual({
        sourceUri: "/srv/media/Holiday 2024.final.mp4",
        title: "Holiday 2024.final",
        webScraped: false
      })
      expect((yield* Intake.classify("C:\\videos\\clip.mov")).title).toBe("clip")
      expect((yield* Intake.classify(`/x/${"é".repeat(400)}.mp4`)).title).toHaveLength(250)
    }))

  it.effect.each([
    ["", "empty source"],
    ["   ", "empty source"],
    ["file:///etc/passwd", "only http:// and https:// URLs or local paths are accepted"],
    ["data:video/mp4;base64,AAAA", "only http:// and https:// URLs or local paths are accepted"],
    ["javascript:alert(1)", "only http:// and https:// URLs or local paths are accepted"],
    ["http://", "malformed URL"],
    ["https://user:secret@example.com/v.mp4", "URLs with credentials are not accepted"],
    ["/tmp/a\nb.mp4", "contains control characters"]
  ])("refuses %j before anything is stored", ([source, reason]) =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const error = yield* Effect.flip(heaters.submit(source!))
      expect(error).toMatchObject({ _tag: "UnsupportedSource", reason })
      expect((yield* heaters.status).videos).toEqual({})
    }).pipe(Effect.provide(layer())))

  it.effect("refuses a duplicate submission, naming the existing video", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const first = yield* heaters.submit("https://videos.example/a.mp4")
      const error = yield* Effect.flip(heaters.submit("https://videos.example/a.mp4"))
      expect(error).toMatchObject({ _tag: "DuplicateSource", existingId: first.id })
      expect(error.message).toContain(`already submitted as source video ${first.id}`)
    }).pipe(Effect.provide(layer())))

  it.effect("a URL is fetched, and the downloader's title and upload date are persisted", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const video = yield* heaters.submit("https://videos.example/watch?v=42")
      expect(video.title).toBe("videos.example")
      yield* heaters.drain
      const done = yield* heaters.video(video.id)
      expect(done).toMatchObject({ state: "spliced", title: "Ünïcode / ../ title", publishedDate: "2024-03-09", webScraped: true })
      expect(done.masterKey).toBe(`videos/${video.id}/source/Unicode_title.mp4`)
      expect(yield* heaters.clips(video.id)).toHaveLength(2)
    }).pipe(
      Effect.provide(
        layer({}, { resources: { "https://videos.example/watch?v=42": { video: scenes([2, 2]), title: "Ünïcode / ../ title", publishedDate: "20240309" } } })
      )
    ))

  it.effect("a URL that cannot be downloaded leaves the video ingestion_failed with the reason", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const video = yield* heaters.submit("https://videos.example/gone")
      yield* heaters.drain
      const failed = yield* heaters.video(video.id)
      expect(failed).toMatchObject({ state: "ingestion_failed", retryCount: 1 })
      expect(failed.lastError).toBe("download of https://videos.example/gone failed (memory): HTTP 404")
    }).pipe(Effect.provide(layer())))
})

describe("config", () => {
  it.effect("has the defaults of docs/configuration.md#pipeline-keys", () =>
    Effect.gen(function* () {
      const config = yield* PipelineConfig.make()
      expect(config).toMatchObject({
        minClipSeconds: 1,
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
        lease: Duration.seconds(30),
        staleAfter: Duration.minutes(30)
      })
    }))

  it.effect("refuses absurd values with InvalidConfig", () =>
    Effect.gen(function* () {
      const bad = (overrides: PipelineConfig.Input) => Effect.flip(PipelineConfig.make(overrides))
      expect(yield* bad({ minClipSeconds: -1 })).toMatchObject({ _tag: "InvalidConfig", key: "minClipSeconds" })
      expect(yield* bad({ spriteTileWidth: Number.NaN })).toMatchObject({ key: "spriteTileWidth" })
      expect(yield* bad({ maxRetries: -3 })).toMatchObject({ key: "maxRetries" })
      expect(yield* bad({ keyframeStrategy: "every" as never })).toMatchObject({ key: "keyframeStrategy" })
      expect(yield* bad({ generationStrategy: "multi" })).toMatchObject({ key: "generationStrategy" })
      expect(yield* bad({ queues: { media: 1000 } as never })).toMatchObject({ key: "queues.media" })
      expect(yield* bad({ dispatchBatch: 2.5 })).toMatchObject({ key: "dispatchBatch" })
      expect(yield* bad({ lease: 0 })).toMatchObject({ key: "lease", reason: "must be a positive duration, got 0" })
      expect(yield* bad({ commitDelay: -5 })).toMatchObject({ key: "commitDelay" })
      expect(yield* bad({ staleAfter: "-1 minutes" })).toMatchObject({ key: "staleAfter" })
      expect(yield* bad({ retryBase: "soon" as never })).toMatchObject({ key: "retryBase" })
      expect(yield* bad({ dispatchInterval: Duration.infinity })).toMatchObject({ key: "dispatchInterval" })
      expect(yield* bad({ leaseMs: 5000 } as never)).toMatchObject({ key: "leaseMs" })
      expect(Exit.isSuccess(yield* Effect.exit(PipelineConfig.make({ commitDelay: 0 })))).toBe(true)
    }))

  it.effect("takes durations as millis, Duration or Effect's duration strings", () =>
    Effect.gen(function* () {
      const config = yield* PipelineConfig.make({ commitDelay: 1500, lease: "45 seconds", staleAfter: Duration.hours(1) })
      expect(Duration.toMillis(config.commitDelay)).toBe(1500)
      expect(Duration.toMillis(config.lease)).toBe(45_000)
      expect(Duration.toMillis(config.staleAfter)).toBe(3_600_000)
    }))

  it.effect("reads every setting from HEATERS_* variables, queues as HEATERS_QUEUE_<NAME>", () =>
    Effect.gen(function* () {
      const env = new Map([
        ["HEATERS_COMMIT_DELAY", "1500"],
        ["HEATERS_LEASE", "45s"],
        ["HEATERS_STALE_AFTER", "2 hours"],
        ["HEATERS_DISPATCH_INTERVAL", "500ms"],
        ["HEATERS_SPRITE_TILE_WIDTH", "320"],
        ["HEATERS_KEYFRAME_STRATEGY", "midpoint"],
        ["HEATERS_GENERATION_STRATEGY", "keyframe_midpoint"],
        ["HEATERS_MERGE_HINT_THRESHOLD", "0.8"],
        ["HEATERS_QUEUE_MEDIA", "3"]
      ])
      const config = yield* PipelineConfig.Pipeline.pipe(
        Effect.provide(PipelineConfig.layerConfig),
        Effect.withConfigProvider(ConfigProvider.fromMap(env))
      )
      expect([config.commitDelay, config.lease, config.staleAfter, config.dispatchInterval].map(Duration.toMillis)).toEqual([1500, 45_000, 7_200_000, 500])
      expect(config).toMatchObject({ spriteTileWidth: 320, keyframeStrategy: "midpoint", mergeHintThreshold: 0.8 })
      expect(config.queues).toEqual({ ...PipelineConfig.defaults.queues, media: 3 })
      const refused = yield* PipelineConfig.Pipeline.pipe(
        Effect.provide(PipelineConfig.layerConfig),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["HEATERS_MAX_RETRIES", "many"]]))),
        Effect.flip
      )
      expect(refused._tag).toBe("ConfigError")
      const unreadable = yield* PipelineConfig.Pipeline.pipe(
        Effect.provide(PipelineConfig.layerConfig),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["HEATERS_LEASE", "a while"]]))),
        Effect.flip
      )
      expect(String(unreadable)).toContain("HEATERS_LEASE")
      const renamed = yield* PipelineConfig.Pipeline.pipe(
        Effect.provide(PipelineConfig.layerConfig),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["HEATERS_COMMIT_DELAY_MS", "1500"]]))),
        Effect.flip
      )
      expect(String(renamed)).toContain("HEATERS_COMMIT_DELAY_MS was renamed HEATERS_COMMIT_DELAY")
      const outOfRange = yield* PipelineConfig.Pipeline.pipe(
        Effect.provide(PipelineConfig.layerConfig),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["HEATERS_DISPATCH_INTERVAL", "0"]]))),
        Effect.flip
      )
      expect(outOfRange).toMatchObject({ _tag: "InvalidConfig", key: "dispatchInterval" })
    }))
})
