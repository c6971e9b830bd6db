/**
 * The token check of mutating endpoints. Without a token the server is open (it binds loopback by
 * default); with one, a request must send `Authorization: Bearer <token>`. Both sides are hashed
 * to equal-length digests and compared with `timingSafeEqual`, so the time taken says nothing
 * about how much of a guess was right.
 *
 * @since 0.1.0
 */
import { Config, Effect, Layer, Option, Redacted } from "effect"
import { createHash, timingSafeEqual } from "node:crypto"
import { Authorization } from "./api/definition.js"
import { Unauthorized } from "./api/errors.js"

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest()

/** Whether `given` equals `expected`, in time independent of where they differ. @since 0.1.0 */
export const tokensMatch = (given: string, expected: string): boolean => timingSafeEqual(digest(given), digest(expected))

/**
 * The middleware for a server token (none: every request passes). The token stays `Redacted`: it
 * is unwrapped only to compare digests, never logged or printed.
 *
 * @since 0.1.0
 */
export const layer = (token: Redacted.Redacted | undefined) =>
  Layer.succeed(Authorization, {
    bearer: (given) =>
      token === undefined || Redacted.value(token) === "" || tokensMatch(Redacted.value(given), Redacted.value(token))
        ? Effect.void
        : Effect.fail(
            new Unauthorized({
              error: "Unauthorized",
              message: Redacted.value(given) === "" ? "this server needs a token: send Authorization: Bearer <HEATERS_TOKEN>" : "the token is wrong"
            })
          )
  })

/** The server token from `HEATERS_TOKEN`, as a secret; unset means an open server. @since 0.1.0 */
export const tokenFromEnv: Config.Config<Redacted.Redacted | undefined> = Config.option(Config.redacted("HEATERS_TOKEN")).pipe(
  Config.map(Option.getOrUndefined)
)

/**
 * The middleware for `token` when given (a plain string is wrapped in `Redacted` at once), else for
 * `HEATERS_TOKEN`.
 *
 * @since 0.1.0
 */
export const layerFor = (token: string | Redacted.Redacted | undefined) =>
  token !== undefined
    ? layer(Redacted.isRedacted(token) ? token : Redacted.make(token))
    : Layer.unwrapEffect(Effect.map(tokenFromEnv, layer))
