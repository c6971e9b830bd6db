/**
 * The combined layer (`mode: "auto"`, the default): which strategy each URL gets, with and without
 * yt-dlp, and the configuration through `layerConfig`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as YtDlp from "@heaters/adapters/ytdlp"
import { Fetcher } from "@heaters/core"
import { ConfigProvider, Effect, Exit, Layer } from "effect"
import { entries, useFixtures } from "./fixtures.js"

const fx = useFixtures()

const auto = (options: YtDlp.FetcherOptions = {}) => YtDlp.make({ tempDir: fx.root, timeoutMs: 10_000, retries: 0, allowPrivateAddresses: true, ...options })
const withoutYtDlp = { ytDlpPath: "/nonexistent/yt-dlp" }

describe("auto mode", () => {
  it.scopedLive("a media URL goes direct, a page goes to yt-dlp", () =>
    Effect.gen(function* () {
      const fetcher = yield* auto()
      const file = yield* fetcher.fetch(`${fx.server.base}/clip.mp4`)
      expect(file.extractor).toBe("http")
      const page = yield* fetcher.fetch(`${fx.server.base}/page.html`)
      expect(page.extractor).toBe("HTML5MediaEmbed")
      expect(entries(fx.root)).toHaveLength(2)
    }))

  it.scopedLive("a 404 is final after the probe; a silent server times out in the probe", () =>
    Effect.gen(function* () {
      const fetcher = yield* auto({ timeoutMs: 400 })
      const missing = yield* Effect.flip(fetcher.fetch(`${fx.server.base}/missing.mp4`))
      expect(missing).toMatchObject({ strategy: YtDlp.Strategy.Probe, reason: YtDlp.Reason.HttpStatus, detail: "404" })
      const silent = yield* Effect.flip(fetcher.fetch(`${fx.server.base}/no-answer.mp4`))
      expect(silent).toMatchObject({ strategy: YtDlp.Strategy.Probe, reason: YtDlp.Reason.Timeout })
      expect(entries(fx.root)).toEqual([])
    }))

  it.scopedLive("a text file is not media (through yt-dlp when present, directly when not)", () =>
    Effect.gen(function* () {
      const withTool = yield* Effect.flip((yield* auto()).fetch(`${fx.server.base}/notes.txt`))
      expect(withTool).toMatchObject({ strategy: "yt-dlp:best", reason: YtDlp.Reason.NotMedia })
      const withoutTool = yield* Effect.flip((yield* auto(withoutYtDlp)).fetch(`${fx.server.base}/notes.txt`))
      expect(withoutTool).toMatchObject({ strategy: YtDlp.Strategy.Direct, reason: YtDlp.Reason.NotMedia })
    }))

  it.scopedLive("without yt-dlp, media files still download and pages get the install hint", () =>
    Effect.gen(function* () {
      const fetcher = yield* auto(withoutYtDlp)
      const file = yield* fetcher.fetch(`${fx.server.base}/clip.mp4`)
      expect(file.extractor).toBe("http")
      const page = yield* Effect.flip(fetcher.fetch(`${fx.server.base}/page.html`))
      expect(page).toMatchObject({ reason: YtDlp.Reason.YtDlpMissing })
      expect(page.message).toContain("apt-get install yt-dlp")
    }))

  it.scopedLive("layerConfig reads HEATERS_* keys and rejects bad values", () =>
    Effect.gen(function* () {
      const provider = (map: Record<string, string>) => Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(map))))
      const capped = YtDlp.layerConfig().pipe(Layer.provide(provider({ HEATERS_FETCH_MAX_BYTES: "10000", HEATERS_FETCH_MODE: "direct", HEATERS_FETCH_ALLOW_PRIVATE: "true" })))
      const error = yield* Effect.flip(Effect.flatMap(Fetcher.Fetcher, (f) => f.fetch(`${fx.server.base}/clip.mp4`)).pipe(Effect.provide(capped)))
      expect(error).toMatchObject({ strategy: YtDlp.Strategy.Direct, reason: YtDlp.Reason.TooLarge })
      const bad = YtDlp.layerConfig().pipe(Layer.provide(provider({ HEATERS_FETCH_TIMEOUT_MS: "-5" })))
      const exit = yield* Effect.exit(Layer.build(bad))
      expect(Exit.isFailure(exit) && String(exit.cause)).toContain("HEATERS_FETCH_TIMEOUT_MS must be a positive integer")
    }))

  it.live("absurd options fail the layer with InvalidConfig", () =>
    Effect.gen(function* () {
      for (const options of [{ maxBytes: 0 }, { timeoutMs: -1 }, { retries: 1.5 }, { strategies: [] }]) {
        const error = yield* Effect.flip(YtDlp.make(options))
        expect(error._tag).toBe("InvalidConfig")
      }
    }))

  it.scopedLive("the layer serves the port", () =>
    Effect.gen(function* () {
      const fetched = yield* Effect.flatMap(Fetcher.Fetcher, (f) => f.fetch(`${fx.server.base}/clip.mp4`)).pipe(
        Effect.provide(YtDlp.layer({ tempDir: fx.root, allowPrivateAddresses: true }))
      )
      expect(fetched.title).toBe("clip")
    }))
})
