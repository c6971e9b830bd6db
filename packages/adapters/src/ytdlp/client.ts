/**
 * The one HTTP request the direct strategy and the probe make: `node:http`/`node:https`, redirects
 * followed by hand (each hop's scheme and address checked again), the address guard inside the
 * socket's DNS lookup, and everything torn down with the caller's scope.
 *
 * Why not the global `fetch`: once any module loads the `undici` package (the Node platform layer
 * does), `fetch` runs on that package's HTTP/1 client, which aborts the whole process with an
 * uncatchable `AssertionError: assert(!this.paused)` when a server closes the connection while a
 * response body is waiting to be read (nodejs/undici#5360). A download must never take the worker
 * down, so Heaters reads its bodies with the core `http` module (docs/RELIABILITY.md).
 *
 * @since 0.1.0
 */
import { Errors, type Fetcher } from "@heaters/core"
import { Duration, Effect } from "effect"
import type { Scope } from "effect"
import { request as httpRequest } from "node:http"
import type { IncomingMessage } from "node:http"
import { request as httpsRequest } from "node:https"
import { isIP } from "node:net"
import { guardedLookup, isNonPublicAddress, NonPublicAddress } from "./address.js"
import { fail, Reason } from "./errors.js"

/** @since 0.1.0 */
export interface ClientSettings {
  /** The longest wait for the response headers. */
  readonly timeoutMs: number
  readonly userAgent: string
  readonly allowPrivateAddresses: boolean
  /** Which addresses count as private when they are not allowed; default `isNonPublicAddress`. */
  readonly isRefused?: (ip: string) => boolean
}

/** An answered request: the final URL after redirects and the body as a Node stream. @since 0.1.0 */
export interface Opened {
  readonly url: URL
  readonly status: number
  readonly statusText: string
  readonly header: (name: string) => string | null
  readonly body: IncomingMessage
}

/** How many redirects one download may follow (curl's and browsers' limits are 20–50; 10 is plenty). @since 0.1.0 */
export const MAX_REDIRECTS = 10

const bareHost = (url: URL) => (url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname)

/** One hop: resolves with the response once its headers are in; the scope destroys both ends. */
const hop = (url: URL, method: "HEAD" | "GET", settings: ClientSettings, original: string, strategy: string) =>
  Effect.gen(function* () {
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return yield* Effect.fail(fail(original, strategy, Reason.UnsupportedUrl, `redirected to a ${url.protocol} URL`))
    }
    const host = bareHost(url)
    // The lookup hook only runs for names: an IP literal is checked here.
    const isRefused = settings.isRefused ?? isNonPublicAddress
    if (!settings.allowPrivateAddresses && isIP(host) !== 0 && isRefused(host)) {
      return yield* Effect.fail(fail(original, strategy, Reason.PrivateAddress, `${url.host} is a private, loopback or link-local address`))
    }
    const send = url.protocol === "https:" ? httpsRequest : httpRequest
    const pending = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const req = send(url, {
          method,
          // No keep-alive pool: a pooled socket would outlive the download (and the test).
          agent: false,
          headers: { "user-agent": settings.userAgent, accept: "*/*" },
          ...(settings.allowPrivateAddresses ? {} : { lookup: guardedLookup(isRefused) as never })
        })
        // Attached before anything can fail: a socket error after the response (a reset mid-body)
        // is then a rejected, ignored promise here and an error on the body stream, never an
        // unhandled 'error' event.
        const response = new Promise<IncomingMessage>((resolve, reject) => {
          req.on("error", reject)
          req.on("response", (res) => {
            res.on("error", () => undefined)
            resolve(res)
          })
        })
        response.catch(() => undefined)
        req.end()
        return { req, response }
      }),
      ({ req }) => Effect.sync(() => req.destroy())
    )
    const res = yield* Effect.tryPromise({
      try: () => pending.response,
      catch: (error) =>
        error instanceof NonPublicAddress
          ? fail(original, strategy, Reason.PrivateAddress, error.message, error)
          : fail(original, strategy, Reason.Network, Errors.describe(error), error)
    }).pipe(
      Effect.timeoutFail({
        duration: Duration.millis(settings.timeoutMs),
        onTimeout: () => fail(original, strategy, Reason.Timeout, `no response headers within ${settings.timeoutMs} ms`)
      })
    )
    yield* Effect.addFinalizer(() => Effect.sync(() => res.destroy()))
    return res
  })

/**
 * Sends `method` to `url` and follows up to `MAX_REDIRECTS` redirects. Every response — the
 * redirects' and the final one — is destroyed when the scope closes, read or not. Fails with
 * `network error` (including a redirect loop), `timed out`, `private address` or, for a redirect to
 * another scheme, `unsupported URL`.
 *
 * @since 0.1.0
 */
export const open = (
  url: URL,
  method: "HEAD" | "GET",
  settings: ClientSettings,
  strategy: string
): Effect.Effect<Opened, Fetcher.FetchFailed, Scope.Scope> =>
  Effect.gen(function* () {
    let current = url
    for (let redirects = 0; ; redirects++) {
      const res = yield* hop(current, method, settings, url.href, strategy)
      const status = res.statusCode ?? 0
      const location = res.headers.location
      if (status >= 300 && status < 400 && status !== 304 && location !== undefined) {
        res.resume() // drain (and the scope destroys) the redirect's body
        if (redirects >= MAX_REDIRECTS) {
          return yield* Effect.fail(fail(url.href, strategy, Reason.Network, `more than ${MAX_REDIRECTS} redirects (last to ${location.slice(0, 200)})`))
        }
        const next = URL.canParse(location, current) ? new URL(location, current) : null
        if (next === null) return yield* Effect.fail(fail(url.href, strategy, Reason.Network, `invalid redirect location ${location.slice(0, 200)}`))
        current = next
        continue
      }
      const header = (name: string): string | null => {
        const value = res.headers[name.toLowerCase()]
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value
      }
      return { url: current, status, statusText: res.statusMessage ?? "", header, body: res }
    }
  })
