/**
 * The direct HTTP(S) strategy: a HEAD/GET probe that tells a media file from a page, and a
 * streamed download with a size cap and an idle timeout.
 *
 * @since 0.1.0
 */
import { Errors, type Fetcher } from "@heaters/core"
import { Duration, Effect } from "effect"
import { open } from "node:fs/promises"
import { join } from "node:path"
import * as Client from "./client.js"
import { fail, Reason, Strategy } from "./errors.js"
import { isoDateFromHttp } from "./metadata.js"
import { progressFromBytes } from "./progress.js"
import { hasMediaExtension, MEDIA_EXTENSIONS, pathExtension, restrictFileName, titleFromUrl } from "./url.js"

/** @since 0.1.0 */
export interface HttpSettings {
  readonly maxBytes: number | null
  /** The longest wait for the response headers or for the next chunk of the body. */
  readonly timeoutMs: number
  readonly userAgent: string
  /** Whether loopback, private and link-local targets may be downloaded from (docs/RELIABILITY.md). */
  readonly allowPrivateAddresses: boolean
  /** Which addresses count as private; default `isNonPublicAddress`. */
  readonly isRefused?: (ip: string) => boolean
}

/** What a probe learnt about a URL. @since 0.1.0 */
export interface ProbeResult {
  readonly status: number
  readonly contentType: string | null
  readonly contentLength: number | null
}

const TYPE_EXTENSIONS: Record<string, string> = {
  "video/mp4": "mp4",
  "application/mp4": "mp4",
  "video/webm": "webm",
  "video/quicktime": "mov",
  "video/x-matroska": "mkv",
  "application/x-matroska": "mkv",
  "video/x-msvideo": "avi",
  "video/mpeg": "mpg",
  "video/mp2t": "ts",
  "video/ogg": "ogv",
  "video/x-flv": "flv"
}

const OPAQUE_TYPES = ["application/octet-stream", "binary/octet-stream"]

const mediaType = (header: string | null): string | null => header?.split(";")[0]?.trim().toLowerCase() || null

/**
 * Whether a response is a media file Heaters can take as is: a `video/*` or mp4/Matroska type,
 * an opaque binary type, or no type at all on a URL whose path names a media container. Playlists
 * (`application/x-mpegurl`) and pages are left to yt-dlp.
 *
 * @since 0.1.0
 */
export const isMediaResponse = (url: URL, contentType: string | null): boolean => {
  const type = mediaType(contentType)
  if (type === null) return hasMediaExtension(url)
  return type.startsWith("video/") || type in TYPE_EXTENSIONS || OPAQUE_TYPES.includes(type)
}

/** Whether a response is an HTML page (a job for yt-dlp). @since 0.1.0 */
export const isHtml = (contentType: string | null): boolean => {
  const type = mediaType(contentType)
  return type === "text/html" || type === "application/xhtml+xml"
}

const headerNumber = (value: string | null): number | null => {
  const n = value === null ? Number.NaN : Number(value)
  return Number.isSafeInteger(n) && n >= 0 ? n : null
}

/**
 * Asks the server what is behind `url`: HEAD, or GET without reading the body when HEAD is
 * refused (many CDNs and presigned URLs answer 403/405 to HEAD). Any status is a result; only
 * network failures and timeouts are errors.
 *
 * @since 0.1.0
 */
export const probe = (url: URL, settings: HttpSettings): Effect.Effect<ProbeResult, Fetcher.FetchFailed> =>
  Effect.scoped(
    Effect.gen(function* () {
      // Only the headers matter: the scope destroys each response (and its socket) unread.
      let response = yield* Client.open(url, "HEAD", settings, Strategy.Probe)
      if ([403, 405, 501].includes(response.status)) response = yield* Client.open(url, "GET", settings, Strategy.Probe)
      return {
        status: response.status,
        contentType: response.header("content-type"),
        contentLength: headerNumber(response.header("content-length"))
      }
    })
  )

/**
 * Streams `url` into a file in `dir`. Fails with `HTTP error` on a non-2xx status, `not a media
 * file` for any other content type, `file too large` as soon as the announced or received size
 * passes the cap, `timed out` when no byte arrives within the timeout, and `network error` when
 * the connection drops before the announced length.
 *
 * @since 0.1.0
 */
export const downloadDirect = (
  url: URL,
  dir: string,
  settings: HttpSettings,
  onProgress: (p: Fetcher.FetchProgress) => Effect.Effect<void>
): Effect.Effect<Fetcher.Fetched, Fetcher.FetchFailed> =>
  Effect.scoped(
    Effect.gen(function* () {
      const failWith = (reason: Reason, detail: string) => Effect.fail(fail(url.href, Strategy.Direct, reason, detail))
      const response = yield* Client.open(url, "GET", settings, Strategy.Direct)
      if (response.status < 200 || response.status > 299) return yield* failWith(Reason.HttpStatus, `${response.status} ${response.statusText}`.trim())
      const contentType = response.header("content-type")
      const finalUrl = response.url
      if (!isMediaResponse(finalUrl, contentType)) {
        return yield* failWith(Reason.NotMedia, `content type ${contentType ?? "(none)"}`)
      }
      const total = headerNumber(response.header("content-length"))
      if (settings.maxBytes !== null && total !== null && total > settings.maxBytes) {
        return yield* failWith(Reason.TooLarge, `the server announced ${total} bytes, the cap is ${settings.maxBytes}`)
      }
      const urlExt = pathExtension(finalUrl)
      const ext = urlExt !== null && MEDIA_EXTENSIONS.includes(urlExt) ? urlExt : (TYPE_EXTENSIONS[mediaType(contentType) ?? ""] ?? "bin")
      const path = join(dir, restrictFileName(titleFromUrl(url), ext))
      const file = yield* Effect.acquireRelease(
        Effect.tryPromise({ try: () => open(path, "wx"), catch: (e) => fail(url.href, Strategy.Direct, Reason.Io, Errors.describe(e), e) }),
        (handle) => Effect.promise(() => handle.close().catch(() => undefined))
      )
      const reader = response.body[Symbol.asyncIterator]() as AsyncIterator<Buffer>
      const started = Date.now()
      let received = 0
      while (true) {
        const chunk = yield* Effect.tryPromise({
          try: () => reader.next(),
          catch: (e) => fail(url.href, Strategy.Direct, Reason.Network, `after ${received} bytes: ${Errors.describe(e)}`, e)
        }).pipe(
          Effect.timeoutFail({
            duration: Duration.millis(settings.timeoutMs),
            onTimeout: () => fail(url.href, Strategy.Direct, Reason.Timeout, `no data for ${settings.timeoutMs} ms after ${received} bytes`)
          })
        )
        if (chunk.done === true) break
        received += chunk.value.byteLength
        if (settings.maxBytes !== null && received > settings.maxBytes) {
          return yield* failWith(Reason.TooLarge, `more than ${settings.maxBytes} bytes received`)
        }
        yield* Effect.tryPromise({
          try: () => file.write(chunk.value),
          catch: (e) => fail(url.href, Strategy.Direct, Reason.Io, Errors.describe(e), e)
        })
        yield* onProgress(progressFromBytes(received, total, Date.now() - started))
      }
      if (received === 0) return yield* failWith(Reason.NotMedia, "empty body")
      if (total !== null && received !== total) {
        return yield* failWith(Reason.Network, `received ${received} bytes, the server announced ${total}`)
      }
      yield* onProgress({ ...progressFromBytes(received, received, Date.now() - started), fraction: 1 })
      return {
        path,
        title: titleFromUrl(url),
        publishedDate: isoDateFromHttp(response.header("last-modified")),
        webpageUrl: url.href,
        uploader: null,
        durationSeconds: null,
        extractor: "http"
      }
    })
  )
