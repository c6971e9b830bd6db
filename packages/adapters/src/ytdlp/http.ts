/**
 * The direct HTTP(S) strategy: a HEAD/GET probe that tells a media file from a page, and a
 * streamed download with a size cap and an idle timeout.
 *
 * @since 0.1.0
 */
import type { Fetcher } from "@heaters/core"
import { Duration, Effect } from "effect"
import type { Scope } from "effect"
import { open } from "node:fs/promises"
import { join } from "node:path"
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

const describe = (error: unknown): string => {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ""
  return error instanceof Error ? `${error.message}${cause}` : String(error)
}

/**
 * One request whose body is cancelled when the scope closes; fails with `timed out` when the
 * headers do not arrive within the timeout.
 */
const request = (url: URL, method: "HEAD" | "GET", settings: HttpSettings, strategy: string): Effect.Effect<Response, Fetcher.FetchFailed, Scope.Scope> =>
  Effect.gen(function* () {
    const controller = yield* Effect.acquireRelease(Effect.sync(() => new AbortController()), (c) => Effect.sync(() => c.abort()))
    return yield* Effect.tryPromise({
      try: () =>
        fetch(url, {
          method,
          redirect: "follow",
          signal: controller.signal,
          headers: { "user-agent": settings.userAgent, accept: "*/*" }
        }),
      catch: (error) => fail(url.href, strategy, Reason.Network, describe(error))
    }).pipe(
      Effect.timeoutFail({
        duration: Duration.millis(settings.timeoutMs),
        onTimeout: () => fail(url.href, strategy, Reason.Timeout, `no response headers within ${settings.timeoutMs} ms`)
      })
    )
  })

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
      let response = yield* request(url, "HEAD", settings, Strategy.Probe)
      if ([403, 405, 501].includes(response.status)) response = yield* request(url, "GET", settings, Strategy.Probe)
      return {
        status: response.status,
        contentType: response.headers.get("content-type"),
        contentLength: headerNumber(response.headers.get("content-length"))
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
      const response = yield* request(url, "GET", settings, Strategy.Direct)
      if (!response.ok) return yield* failWith(Reason.HttpStatus, `${response.status} ${response.statusText}`.trim())
      const contentType = response.headers.get("content-type")
      const finalUrl = new URL(response.url || url.href)
      if (!isMediaResponse(finalUrl, contentType)) {
        return yield* failWith(Reason.NotMedia, `content type ${contentType ?? "(none)"}`)
      }
      const total = headerNumber(response.headers.get("content-length"))
      if (settings.maxBytes !== null && total !== null && total > settings.maxBytes) {
        return yield* failWith(Reason.TooLarge, `the server announced ${total} bytes, the cap is ${settings.maxBytes}`)
      }
      const body = response.body
      if (body === null) return yield* failWith(Reason.NotMedia, "empty body")
      const urlExt = pathExtension(finalUrl)
      const ext = urlExt !== null && MEDIA_EXTENSIONS.includes(urlExt) ? urlExt : (TYPE_EXTENSIONS[mediaType(contentType) ?? ""] ?? "bin")
      const path = join(dir, restrictFileName(titleFromUrl(url), ext))
      const file = yield* Effect.acquireRelease(
        Effect.tryPromise({ try: () => open(path, "wx"), catch: (e) => fail(url.href, Strategy.Direct, Reason.Io, describe(e)) }),
        (handle) => Effect.promise(() => handle.close().catch(() => undefined))
      )
      const reader = body.getReader()
      const started = Date.now()
      let received = 0
      while (true) {
        const chunk = yield* Effect.tryPromise({
          try: () => reader.read(),
          catch: (e) => fail(url.href, Strategy.Direct, Reason.Network, `after ${received} bytes: ${describe(e)}`)
        }).pipe(
          Effect.timeoutFail({
            duration: Duration.millis(settings.timeoutMs),
            onTimeout: () => fail(url.href, Strategy.Direct, Reason.Timeout, `no data for ${settings.timeoutMs} ms after ${received} bytes`)
          })
        )
        if (chunk.done) break
        received += chunk.value.byteLength
        if (settings.maxBytes !== null && received > settings.maxBytes) {
          return yield* failWith(Reason.TooLarge, `more than ${settings.maxBytes} bytes received`)
        }
        yield* Effect.tryPromise({
          try: () => file.write(chunk.value),
          catch: (e) => fail(url.href, Strategy.Direct, Reason.Io, describe(e))
        })
        yield* onProgress(progressFromBytes(received, total, Date.now() - started))
      }
      if (received === 0) return yield* failWith(Reason.NotMedia, "empty body")
      if (total !== null && received < total) {
        return yield* failWith(Reason.Network, `connection closed after ${received} of ${total} bytes`)
      }
      yield* onProgress({ ...progressFromBytes(received, received, Date.now() - started), fraction: 1 })
      return {
        path,
        title: titleFromUrl(url),
        publishedDate: isoDateFromHttp(response.headers.get("last-modified")),
        webpageUrl: url.href,
        uploader: null,
        durationSeconds: null,
        extractor: "http"
      }
    })
  )
