/**
 * The demo server: the JSON API, the two pages and the blob route, over a `Heaters` facade (plus
 * the BlobStore and pipeline config it was built from).
 *
 * @since 0.1.0
 */
import { HttpMiddleware, HttpRouter, HttpServer, HttpServerResponse } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import { createServer } from "node:http"
import { routes } from "./api.js"
import { serveBlob } from "./blobs.js"
import { handled } from "./errors.js"
import { reviewPage } from "./pages/review.js"
import { searchPage } from "./pages/search.js"

/** Every route of the demo server. @since 0.1.0 */
export const router = routes.pipe(
  HttpRouter.get("/", Effect.succeed(HttpServerResponse.html(reviewPage))),
  HttpRouter.get("/search", Effect.succeed(HttpServerResponse.html(searchPage))),
  HttpRouter.get("/blobs/*", handled(serveBlob)),
  HttpRouter.get("/favicon.ico", Effect.succeed(HttpServerResponse.empty({ status: 204 })))
)

/** @since 0.1.0 */
export interface ServeOptions {
  readonly port?: number
  readonly host?: string
}

/**
 * The server as a layer: listens until the layer's scope closes, logs its address, and exposes
 * the `HttpServer` (its `address` tells the port when `port: 0` picked a free one).
 *
 * @since 0.1.0
 */
export const layer = (options: ServeOptions = {}) =>
  HttpServer.serve(router, HttpMiddleware.logger).pipe(
    HttpServer.withLogAddress,
    Layer.provideMerge(NodeHttpServer.layer(createServer, { port: options.port ?? 3000, host: options.host ?? "127.0.0.1" }))
  )
