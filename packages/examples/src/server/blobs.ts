/**
 * `GET /blobs/<key>`: stored objects with HTTP Range support (206 partial content), so the
 * browser can load sheets and seek in masters and exported clips.
 *
 * @since 0.1.0
 */
import { HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { BlobStore } from "@heaters/core"
import { Effect, Option } from "effect"

const types: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  mp4: "video/mp4",
  vtt: "text/vtt; charset=utf-8",
  json: "application/json"
}

/** `bytes=a-b` / `bytes=a-` / `bytes=-n` → an inclusive range inside `size`, or null. @since 0.1.0 */
export const parseRange = (header: string | undefined, size: number): { start: number; end: number } | null => {
  const m = header?.match(/^bytes=(\d*)-(\d*)$/)
  if (!m || (m[1] === "" && m[2] === "")) return null
  const start = m[1] === "" ? Math.max(0, size - Number(m[2])) : Number(m[1])
  const end = m[1] === "" || m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1)
  return start <= end && start < size ? { start, end } : null
}

const failure = (status: number, error: string, message: string) => HttpServerResponse.unsafeJson({ error, message }, { status })

/** The object, a range of it, or a JSON 404/416/500. @since 0.1.0 */
export const serveBlob = Effect.gen(function* () {
  const request = yield* HttpServerRequest.HttpServerRequest
  const key = decodeURIComponent(new URL(request.url, "http://x").pathname.replace(/^\/blobs\//, ""))
  const blobs = yield* BlobStore.BlobStore
  const size = yield* blobs.size(key)
  if (Option.isNone(size)) return failure(404, "NotFound", `no stored object ${key}`)
  const contentType = types[key.split(".").pop()!.toLowerCase()] ?? "application/octet-stream"
  const header = request.headers["range"]
  const range = parseRange(header, size.value)
  const headers = { "accept-ranges": "bytes", "cache-control": "no-cache" }
  if (range === null && header !== undefined && /^bytes=/.test(header)) {
    return HttpServerResponse.empty({ status: 416, headers: { ...headers, "content-range": `bytes */${size.value}` } })
  }
  if (range === null) {
    return HttpServerResponse.stream(blobs.stream(key), { contentType, contentLength: size.value, headers })
  }
  return HttpServerResponse.stream(blobs.stream(key, range), {
    status: 206,
    contentType,
    contentLength: range.end - range.start + 1,
    headers: { ...headers, "content-range": `bytes ${range.start}-${range.end}/${size.value}` }
  })
}).pipe(
  Effect.catchAll((e) => Effect.as(Effect.logError(`blob request failed: ${e.message}`), failure(e._tag === "BlobError" ? 500 : 400, e._tag, e.message)))
)
