/**
 * The vocabulary of this adapter's failures. Every failure of `fetch` is the port's `FetchFailed`;
 * its `reason` is one of `Reason` (stable, so callers and tests can branch on it) and its `detail`
 * carries the specifics (HTTP status, byte counts, the tail of yt-dlp's stderr).
 *
 * @since 0.1.0
 */
import { Fetcher } from "@heaters/core"

/**
 * The fixed set of `FetchFailed.reason` values this adapter produces.
 *
 * @since 0.1.0
 */
export const Reason = {
  /** Not an http(s) URL, malformed, or with credentials: refused before any I/O. */
  UnsupportedUrl: "unsupported URL",
  /** yt-dlp is needed (a page, not a file) but no binary was found. */
  YtDlpMissing: "yt-dlp not installed",
  /** The server answered with an HTTP error status. */
  HttpStatus: "HTTP error",
  /** The server sent something that is not a video (HTML, text, JSON…). */
  NotMedia: "not a media file",
  /** The file is larger than the configured cap. */
  TooLarge: "file too large",
  /** No byte arrived within the configured timeout. */
  Timeout: "timed out",
  /** The connection failed (refused, reset, DNS, TLS). */
  Network: "network error",
  /** yt-dlp failed with every format strategy. */
  YtDlpFailed: "yt-dlp download failed with all strategies",
  /**
   * The URL (or a redirect, or what its host resolves to) is a private, loopback, link-local or
   * otherwise non-public address, and the Fetcher does not allow those.
   */
  PrivateAddress: "private address",
  /** The local file could not be written. */
  Io: "cannot write the download"
} as const

/** One of the `FetchFailed.reason` values this adapter produces (see the `Reason` object). @since 0.1.0 */
export type Reason = (typeof Reason)[keyof typeof Reason]

/**
 * Names of what was tried, reported as `FetchFailed.strategy`.
 *
 * @since 0.1.0
 */
export const Strategy = {
  Validate: "validate",
  Probe: "probe",
  Direct: "direct-http",
  /** yt-dlp with one format of the chain: `yt-dlp:best`, `yt-dlp:mp4`, `yt-dlp:worst`. */
  ytDlp: (format: string) => `yt-dlp:${format}`
} as const

/**
 * A `FetchFailed` for `url` (credentials redacted) with one of the adapter's reasons; `cause`, when
 * given, is the exception the `detail` text was written from.
 *
 * @since 0.1.0
 */
export const fail = (url: string, strategy: string, reason: Reason, detail = "", cause?: unknown): Fetcher.FetchFailed =>
  new Fetcher.FetchFailed({ url: redact(url), strategy, reason, detail, ...(cause === undefined ? {} : { cause }) })

/**
 * The last `max` characters of a process's output, trimmed: the end is where the error is.
 *
 * @since 0.1.0
 */
export const tail = (text: string, max = 2000): string => {
  const trimmed = text.trim()
  return trimmed.length <= max ? trimmed : `…${trimmed.slice(-max)}`
}

// Errors end up in logs and in the catalog: never repeat a password even for a refused URL.
const redact = (url: string): string => url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, "$1***@").slice(0, 2048)
