/**
 * `@heaters/adapters/ytdlp` — the Fetcher port via yt-dlp and direct HTTP(S) downloads
 * (docs/pipeline.md#ingest).
 *
 * Every failure of `fetch` is the port's `FetchFailed`, with `reason` one of `Reason`; the
 * stand-alone helpers use core's errors (`validateUrl` → `Errors.UnsupportedSource`,
 * `resolveYtDlp` → `Media.BinaryNotFound`).
 *
 * @example
 * import * as YtDlp from "@heaters/adapters/ytdlp"
 * // explicit options…
 * const FetcherLive = YtDlp.layer({ maxBytes: 4 * 1024 ** 3, timeoutMs: 60_000 })
 * // …or HEATERS_YTDLP, HEATERS_FFMPEG, HEATERS_FETCH_MAX_BYTES, HEATERS_FETCH_TIMEOUT_MS, HEATERS_FETCH_MODE
 * const FetcherFromEnv = YtDlp.layerConfig()
 *
 * @since 0.1.0
 */
export { config, defaults, layer, layerConfig, make } from "./Fetcher.js"
export type { FetcherOptions, Mode } from "./Fetcher.js"
export { attemptArgs, FORMAT_CHAIN, INFO_FILE } from "./args.js"
export type { AttemptArgs, FormatStrategy } from "./args.js"
export { INSTALL_HINT, resolveYtDlp } from "./binary.js"
export { Reason, Strategy } from "./errors.js"
export { isHtml, isMediaResponse, probe } from "./http.js"
export type { ProbeResult } from "./http.js"
export { isoDate } from "./metadata.js"
export { parseProgressLine, PROGRESS_TEMPLATE } from "./progress.js"
export { TEMP_PREFIX } from "./tempdir.js"
export { hasMediaExtension, MEDIA_EXTENSIONS, validateUrl } from "./url.js"
export { isNonPublicAddress, NON_PUBLIC_RANGES } from "./address.js"
export { MAX_REDIRECTS } from "./client.js"
