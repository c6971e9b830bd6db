/**
 * The Fetcher port: an http(s) URL in, a local media file and its metadata out (docs/pipeline.md#ingest).
 *
 * @since 0.1.0
 */
import type { Effect, Scope } from "effect"
import { Context, Schema } from "effect"

/** A download failed; `strategy` is what was tried last and `detail` the tail of its output. @since 0.1.0 */
export class FetchFailed extends Schema.TaggedError<FetchFailed>()("FetchFailed", {
  url: Schema.String,
  strategy: Schema.String,
  reason: Schema.String,
  detail: Schema.String,
  /** The underlying exception (socket, file system, process), kept beside its `detail` text. */
  cause: Schema.optional(Schema.Defect)
}) {
  override get message() {
    return `download of ${this.url} failed (${this.strategy}): ${this.reason}${this.detail ? ` — ${this.detail.trim().slice(-300)}` : ""}`
  }
}

/** A downloaded video: the local file and the site's metadata, where it had any. @since 0.1.0 */
export interface Fetched {
  readonly path: string
  readonly title: string | null
  /** ISO date (YYYY-MM-DD) from the site's upload date. */
  readonly publishedDate: string | null
  readonly webpageUrl: string | null
  readonly uploader: string | null
  readonly durationSeconds: number | null
  readonly extractor: string | null
}

/** Download progress: fraction done, speed and time left, each null when unknown. @since 0.1.0 */
export interface FetchProgress {
  readonly fraction: number | null
  readonly bytesPerSecond: number | null
  readonly etaSeconds: number | null
}

/** A downloader of video URLs into local files. @since 0.1.0 */
export interface FetcherShape {
  /** Downloads into a temporary directory that is removed when the scope closes. */
  readonly fetch: (
    url: string,
    onProgress?: (progress: FetchProgress) => Effect.Effect<void>
  ) => Effect.Effect<Fetched, FetchFailed, Scope.Scope>
}

/**
 * The downloader for URL sources (optional: only needed when URLs are submitted).
 *
 * @since 0.1.0
 * @category tags
 */
export class Fetcher extends Context.Tag("@heaters/core/Fetcher")<Fetcher, FetcherShape>() {}
