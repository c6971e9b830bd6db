/**
 * The Fetcher layer: validates the URL, then downloads it directly when it is a media file (or
 * when yt-dlp is absent) and with yt-dlp otherwise, in a per-call directory removed with the
 * caller's scope.
 *
 * @since 0.1.0
 */
import { Errors, Fetcher } from "@heaters/core"
import { Config, Effect, Either, ExecutionStrategy, Exit, Layer, Option, Scope } from "effect"
import type { ConfigError } from "effect"
import { FORMAT_CHAIN } from "./args.js"
import type { FormatStrategy } from "./args.js"
import { resolveYtDlp } from "./binary.js"
import { firstNonPublicAddress } from "./address.js"
import { fail, Reason, Strategy } from "./errors.js"
import { downloadDirect, isHtml, isMediaResponse, probe } from "./http.js"
import type { HttpSettings } from "./http.js"
import { throttle } from "./progress.js"
import { tempDir } from "../internal/tempDir.js"
import { TEMP_PREFIX } from "./tempdir.js"
import { sweep } from "../scratch/sweep.js"
import { tmpdir } from "node:os"
import { validateUrl } from "./url.js"
import { downloadWithYtDlp } from "./ytdlp.js"

/**
 * `auto` probes the URL and picks direct HTTP for media files, yt-dlp for everything else;
 * `yt-dlp` and `direct` force one strategy.
 *
 * @since 0.1.0
 */
export type Mode = "auto" | "yt-dlp" | "direct"

/**
 * Settings of the URL Fetcher: binaries, limits, retries, the yt-dlp format chain, temp directory,
 * progress rate, user agent and whether private addresses may be fetched.
 *
 * @since 0.1.0
 */
export interface FetcherOptions {
  /** The yt-dlp binary; default `HEATERS_YTDLP`, then `PATH`. */
  readonly ytDlpPath?: string
  /** ffmpeg for yt-dlp's merges (binary or directory); default: yt-dlp searches `PATH`. */
  readonly ffmpegPath?: string
  /** Size cap in bytes for either strategy; null for none. Default 8 GiB. */
  readonly maxBytes?: number | null
  /** Longest wait for headers or the next bytes (yt-dlp: `--socket-timeout`). Default 120 s. */
  readonly timeoutMs?: number
  /** Which download strategy to use (default `auto`, see `Mode`). */
  readonly mode?: Mode
  /** yt-dlp `--retries`; default 5 (docs/pipeline.md#ingest). */
  readonly retries?: number
  /** yt-dlp `--fragment-retries`; default 10. */
  readonly fragmentRetries?: number
  /** The format chain; default `FORMAT_CHAIN` (docs/pipeline.md#ingest). */
  readonly strategies?: ReadonlyArray<FormatStrategy>
  /** Parent of the per-call directories; default the OS temp dir. */
  readonly tempDir?: string
  /** Minimum interval between progress events, ms. Default 250. */
  readonly progressIntervalMs?: number
  /** The `User-Agent` of direct HTTP downloads and probes. Default `heaters/0.1`. */
  readonly userAgent?: string
  /**
   * Whether downloads may reach loopback, private, link-local, unique-local, CGNAT and other
   * non-public addresses. Default `false`: a server that ingests URLs from its users must not
   * become a way into its own network. Checked on the addresses DNS returns and on every redirect
   * for direct downloads; for yt-dlp the host is resolved and checked before it starts (what
   * yt-dlp itself then fetches is not — see docs/RELIABILITY.md). A command-line tool run by the
   * machine's own user may set it.
   */
  readonly allowPrivateAddresses?: boolean
}

/**
 * The defaults of the numeric and user-agent options: 8 GiB cap, 120 s timeout, 5 retries and 10
 * fragment retries, progress every 250 ms, user agent `heaters/0.1`.
 *
 * @since 0.1.0
 */
export const defaults = {
  maxBytes: 8 * 1024 ** 3,
  timeoutMs: 120_000,
  retries: 5,
  fragmentRetries: 10,
  progressIntervalMs: 250,
  userAgent: "heaters/0.1"
} as const

/** Absurd options fail the layer rather than every download later. */
const validate = (o: FetcherOptions): Effect.Effect<void, Errors.InvalidConfig> => {
  const bad = (key: string, reason: string) => Effect.fail(new Errors.InvalidConfig({ key: `ytdlp.${key}`, reason }))
  const count = (n: number | undefined) => n === undefined || (Number.isSafeInteger(n) && n >= 0)
  if (o.maxBytes !== undefined && o.maxBytes !== null && !(Number.isSafeInteger(o.maxBytes) && o.maxBytes > 0)) return bad("maxBytes", `must be a positive integer or null, got ${o.maxBytes}`)
  if (o.timeoutMs !== undefined && !(Number.isFinite(o.timeoutMs) && o.timeoutMs > 0)) return bad("timeoutMs", `must be > 0, got ${o.timeoutMs}`)
  if (!count(o.retries)) return bad("retries", `must be an integer ≥ 0, got ${o.retries}`)
  if (!count(o.fragmentRetries)) return bad("fragmentRetries", `must be an integer ≥ 0, got ${o.fragmentRetries}`)
  if (o.progressIntervalMs !== undefined && !(o.progressIntervalMs >= 0)) return bad("progressIntervalMs", `must be ≥ 0, got ${o.progressIntervalMs}`)
  if (o.strategies !== undefined && o.strategies.length === 0) return bad("strategies", "needs at least one format")
  return Effect.void
}

/**
 * Builds the service. yt-dlp is looked up once here; its absence is not an error of the layer —
 * direct links still work — but of each `fetch` that needs it.
 *
 * @since 0.1.0
 */
export const make = (options: FetcherOptions = {}): Effect.Effect<Fetcher.FetcherShape, Errors.InvalidConfig> =>
  Effect.gen(function* () {
    // A worker killed mid-download left its directory behind: remove those of gone processes on start.
    yield* sweep(options.tempDir ?? tmpdir(), [TEMP_PREFIX])
    yield* validate(options)
    const ytDlp = yield* Effect.either(resolveYtDlp(options.ytDlpPath))
    const mode = options.mode ?? "auto"
    const maxBytes = options.maxBytes === undefined ? defaults.maxBytes : options.maxBytes
    const http: HttpSettings = {
      maxBytes,
      timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
      userAgent: options.userAgent ?? defaults.userAgent,
      allowPrivateAddresses: options.allowPrivateAddresses ?? false
    }
    const viaYtDlp = (url: URL, dir: string, onProgress: Parameters<typeof downloadWithYtDlp>[3]) =>
      Either.isLeft(ytDlp)
        ? Effect.fail(fail(url.href, Strategy.ytDlp("binary"), Reason.YtDlpMissing, ytDlp.left.hint))
        : Effect.zipRight(http.allowPrivateAddresses ? Effect.void : publicHost(url, Strategy.ytDlp("resolve")), viaYtDlpUnguarded(url, dir, onProgress))
    const viaYtDlpUnguarded = (url: URL, dir: string, onProgress: Parameters<typeof downloadWithYtDlp>[3]) =>
      Either.isLeft(ytDlp)
        ? Effect.fail(fail(url.href, Strategy.ytDlp("binary"), Reason.YtDlpMissing, ytDlp.left.hint))
        : downloadWithYtDlp(
            {
              bin: ytDlp.right,
              maxBytes,
              timeoutMs: http.timeoutMs,
              retries: options.retries ?? defaults.retries,
              fragmentRetries: options.fragmentRetries ?? defaults.fragmentRetries,
              ffmpegPath: options.ffmpegPath ?? null,
              strategies: options.strategies ?? FORMAT_CHAIN
            },
            url.href,
            dir,
            onProgress
          )

    // `auto`: a 404/410 is final whatever tool asks; a media type goes direct; a page without
    // yt-dlp gets the install hint; anything else is yt-dlp's (it sends its own headers, so a
    // 403 to our probe is not the last word) — or direct when yt-dlp is absent.
    const choose = (url: URL) =>
      Effect.gen(function* () {
        if (mode !== "auto") return mode
        const probed = yield* probe(url, http)
        if (probed.status === 404 || probed.status === 410) {
          return yield* Effect.fail(fail(url.href, Strategy.Probe, Reason.HttpStatus, `${probed.status}`))
        }
        if (probed.status < 400 && isMediaResponse(url, probed.contentType)) return "direct" as const
        if (Either.isRight(ytDlp)) return "yt-dlp" as const
        if (isHtml(probed.contentType)) {
          return yield* Effect.fail(fail(url.href, Strategy.Probe, Reason.YtDlpMissing, `the URL is a web page; ${ytDlp.left.hint}`))
        }
        return "direct" as const
      })

    const fetch: Fetcher.FetcherShape["fetch"] = (input, onProgress) =>
      Effect.gen(function* () {
        const checked = validateUrl(input)
        if (Either.isLeft(checked)) return yield* Effect.fail(fail(input, Strategy.Validate, Reason.UnsupportedUrl, checked.left.reason))
        const url = checked.right
        const strategy = yield* choose(url)
        const dir = yield* tempDir(TEMP_PREFIX, options.tempDir).pipe(
          Effect.mapError((e) => fail(url.href, strategy === "direct" ? Strategy.Direct : "yt-dlp", Reason.Io, e.message, e))
        )
        const progress = throttle(onProgress, options.progressIntervalMs ?? defaults.progressIntervalMs)
        return yield* strategy === "direct" ? downloadDirect(url, dir, http, progress) : viaYtDlp(url, dir, progress)
      })
    return Fetcher.Fetcher.of({ fetch: (url, onProgress) => removeEagerlyOnFailure(fetch(url, onProgress)) })
  })

/**
 * Resolves the URL's host and fails with `private address` when any of its addresses is non-public
 * (or with `network error` when it does not resolve) — the guard for tools that open their own
 * sockets.
 */
const publicHost = (url: URL, strategy: string): Effect.Effect<void, Fetcher.FetchFailed> =>
  Effect.tryPromise({
    try: () => firstNonPublicAddress(url.hostname),
    catch: (e) => fail(url.href, strategy, Reason.Network, `cannot resolve ${url.hostname}: ${Errors.describe(e)}`, e)
  }).pipe(
    Effect.flatMap((address) =>
      address === null
        ? Effect.void
        : Effect.fail(fail(url.href, strategy, Reason.PrivateAddress, `${url.hostname} resolves to ${address}, a private, loopback or link-local address`))
    )
  )

/**
 * Runs a fetch in a child scope that is merged into the caller's on success and closed at once on
 * failure or interruption: a failed download's partial files are gone before the error is seen.
 */
const removeEagerlyOnFailure = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, Exclude<R, Scope.Scope> | Scope.Scope> =>
  Effect.flatMap(Effect.scope, (outer) =>
    Effect.flatMap(Scope.fork(outer, ExecutionStrategy.sequential), (inner) =>
      Scope.extend(effect, inner).pipe(Effect.onExit((exit) => (Exit.isSuccess(exit) ? Effect.void : Scope.close(inner, exit))))
    )
  )

const positiveInt = (name: string) =>
  Config.integer(name).pipe(Config.validate({ message: `${name} must be a positive integer`, validation: (n) => n > 0 }), Config.option)

const optional = <A>(o: Option.Option<A>): A | undefined => Option.getOrUndefined(o)

/**
 * The options from the environment: `HEATERS_YTDLP`, `HEATERS_FFMPEG`, `HEATERS_FETCH_MAX_BYTES`,
 * `HEATERS_FETCH_TIMEOUT_MS`, `HEATERS_FETCH_MODE` (`auto` | `yt-dlp` | `direct`),
 * `HEATERS_FETCH_ALLOW_PRIVATE` (`true` | `false`). Unset keys keep the defaults.
 *
 * @since 0.1.0
 */
export const config: Config.Config<FetcherOptions> = Config.all({
  ytDlpPath: Config.option(Config.nonEmptyString("HEATERS_YTDLP")),
  ffmpegPath: Config.option(Config.nonEmptyString("HEATERS_FFMPEG")),
  maxBytes: positiveInt("HEATERS_FETCH_MAX_BYTES"),
  timeoutMs: positiveInt("HEATERS_FETCH_TIMEOUT_MS"),
  mode: Config.option(Config.literal("auto", "yt-dlp", "direct")("HEATERS_FETCH_MODE")),
  allowPrivateAddresses: Config.option(Config.boolean("HEATERS_FETCH_ALLOW_PRIVATE"))
}).pipe(
  Config.map((c) => ({
    ytDlpPath: optional(c.ytDlpPath),
    ffmpegPath: optional(c.ffmpegPath),
    maxBytes: optional(c.maxBytes),
    timeoutMs: optional(c.timeoutMs),
    mode: optional(c.mode),
    allowPrivateAddresses: optional(c.allowPrivateAddresses)
  }))
)

/**
 * The Fetcher from explicit options.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * import * as YtDlp from "@heaters/adapters/ytdlp"
 * const FetcherLive = YtDlp.layer({ maxBytes: 2 * 1024 ** 3, timeoutMs: 60_000 })
 */
export const layer = (options: FetcherOptions = {}): Layer.Layer<Fetcher.Fetcher, Errors.InvalidConfig> => Layer.effect(Fetcher.Fetcher, make(options))

/**
 * The Fetcher from `effect/Config` (by default `config`, i.e. the `HEATERS_*` environment).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Config.Wrap<FetcherOptions> = config
): Layer.Layer<Fetcher.Fetcher, ConfigError.ConfigError | Errors.InvalidConfig> =>
  Layer.effect(Fetcher.Fetcher, Effect.flatMap(Config.unwrap(options), make))
