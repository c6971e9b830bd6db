/**
 * The demo server: the typed JSON API (`HeatersApi`), `/openapi.json` and `/docs` derived from it,
 * the pages, and the blob route — over a `Heaters` facade and the ports it was built from.
 *
 * @since 0.1.0
 */
import { HttpApiSwagger, HttpLayerRouter, HttpServerError, HttpServerRequest, HttpServerResponse, Multipart } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { BlobStore } from "@heaters/core"
import type { Redacted } from "effect"
import { Cause, Effect, Layer, Option, Schema } from "effect"
import { createServer } from "node:http"
import { HeatersApi } from "./api/definition.js"
import * as Auth from "./auth.js"
import { serveBlob } from "./blobs.js"
import { ClipsLive, ReviewLive } from "./handlers/review.js"
import { SearchLive, StatusLive, VideosLive } from "./handlers/videos.js"
import { pages } from "./pages/index.js"
import * as Uploads from "./uploads.js"

/** @since 0.1.0 */
export interface ServeOptions {
  readonly port?: number
  /** Default `127.0.0.1`: reachable from this machine only. */
  readonly host?: string
  /** Required on mutating endpoints when set; default `$HEATERS_TOKEN` (read as a `Redacted` secret). */
  readonly token?: string | Redacted.Redacted
  /** Largest accepted upload in bytes; default 2 GiB (`$HEATERS_MAX_UPLOAD_BYTES`). */
  readonly maxUploadBytes?: number
  /** Where uploads are kept until ingested; default `$TMPDIR/heaters-uploads`. */
  readonly uploadDir?: string
}

const ApiRoutes = HttpLayerRouter.addHttpApi(HeatersApi, { openapiPath: "/openapi.json" }).pipe(
  Layer.provide([ReviewLive, ClipsLive, VideosLive, StatusLive, SearchLive])
)

const PageRoutes = HttpLayerRouter.use((router) =>
  Effect.gen(function* () {
    const blobs = yield* BlobStore.BlobStore
    for (const [path, html] of pages) yield* router.add("GET", path, HttpServerResponse.html(html))
    yield* router.add("GET", "/blobs/*", Effect.provideService(serveBlob, BlobStore.BlobStore, blobs))
    yield* router.add("GET", "/favicon.ico", HttpServerResponse.empty({ status: 204 }))
  })
)

const DocsRoute = HttpApiSwagger.layerHttpLayerRouter({ api: HeatersApi, path: "/docs" })

// Uploads must declare their length (browsers and curl do), so one over the limit is refused
// before a byte of it is read; the parser is capped as well, as a backstop.
const uploadLimit = (maxBytes: number) =>
  HttpLayerRouter.middleware(
    (app) =>
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        if (request.method === "POST" && request.url.startsWith("/api/videos/upload")) {
          const declared = request.headers["content-length"]
          const length = Number(declared)
          if (declared === undefined || !Number.isFinite(length)) {
            return HttpServerResponse.unsafeJson({ _tag: "BadRequest", error: "LengthRequired", message: "an upload must declare its Content-Length" }, { status: 411 })
          }
          if (length > maxBytes) {
            return HttpServerResponse.unsafeJson(
              { _tag: "PayloadTooLarge", error: "PayloadTooLarge", message: `uploads are limited to ${maxBytes} bytes (this one has ${length})` },
              { status: 413 }
            )
          }
        }
        return yield* Multipart.withMaxFileSize(app, Option.some(maxBytes))
      }),
    { global: true }
  )

// Every error answer of the API has a JSON body with `error` and `message`: its own errors do
// already; the router's (unknown route, unparsable JSON) come empty, and HttpApi's
// request-decoding errors carry only `_tag`.
const statusNames: Readonly<Record<number, string>> = { 400: "BadRequest", 404: "NotFound", 405: "MethodNotAllowed", 413: "PayloadTooLarge", 500: "ServerError" }
const decoder = new TextDecoder()
const decodeErrorBody = Schema.decodeUnknownOption(Schema.parseJson(Schema.Record({ key: Schema.String, value: Schema.Unknown })))
const withJsonError = (response: HttpServerResponse.HttpServerResponse): HttpServerResponse.HttpServerResponse => {
  const name = statusNames[response.status] ?? `Http${response.status}`
  const options = { status: response.status, headers: response.headers }
  if (response.body._tag !== "Uint8Array" || !response.body.contentType.includes("json")) {
    return HttpServerResponse.unsafeJson({ error: name, message: `the server answered ${response.status} ${name}` }, options)
  }
  const parsed = decodeErrorBody(decoder.decode(response.body.body))
  if (Option.isNone(parsed)) {
    return HttpServerResponse.unsafeJson({ error: name, message: `the server answered ${response.status} ${name}` }, options)
  }
  const body = parsed.value
  if (typeof body["error"] === "string") return response
  return HttpServerResponse.unsafeJson({ ...body, error: typeof body["_tag"] === "string" ? body["_tag"] : name }, options)
}
const jsonErrors = HttpLayerRouter.middleware(
  (app) =>
    // Typed as the app it wraps: the router insists that a global middleware declares no handled errors.
    Effect.gen(function* () {
      const request = yield* HttpServerRequest.HttpServerRequest
      const response = yield* Effect.catchAllCause(app, (cause) =>
        Effect.zipRight(
          Cause.isDie(cause) ? Effect.logError("request failed", Cause.pretty(cause)) : Effect.void,
          Effect.map(HttpServerError.causeResponse(cause), ([r]) => r)
        ))
      return response.status >= 400 && request.url.startsWith("/api/") ? withJsonError(response) : response
    }) as Effect.Effect<HttpServerResponse.HttpServerResponse, Effect.Effect.Error<typeof app>, HttpServerRequest.HttpServerRequest>,
  { global: true }
)

/** Every route of the demo server, as a router layer. @since 0.1.0 */
export const routes = (options: ServeOptions = {}) => {
  const maxBytes = options.maxUploadBytes ?? (Number(process.env["HEATERS_MAX_UPLOAD_BYTES"]) || 2 * 1024 ** 3)
  return Layer.mergeAll(ApiRoutes, PageRoutes, DocsRoute).pipe(
    Layer.provide(uploadLimit(maxBytes)),
    Layer.provide(jsonErrors),
    Layer.provide(Auth.layerFor(options.token)),
    Layer.provide(Uploads.layer({ dir: options.uploadDir }))
  )
}

/**
 * The server as a layer: listens until the layer's scope closes, logs its address, and exposes
 * the `HttpServer` (its `address` tells the port when `port: 0` picked a free one).
 *
 * @since 0.1.0
 */
export const layer = (options: ServeOptions = {}) =>
  HttpLayerRouter.serve(routes(options)).pipe(
    Layer.provideMerge(NodeHttpServer.layer(createServer, { port: options.port ?? 3000, host: options.host ?? "127.0.0.1" }))
  )
