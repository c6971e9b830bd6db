/**
 * The token check of mutating endpoints. Without a token the server is open (it binds loopback by
 * default); with one, a request must send `Authorization: Bearer <token>`. Both sides are hashed
 * to equal-length digests and compared with `timingSafeEqual`, so the time taken says nothing
 * about how much of a guess was right.
 *
 * @since 0.1.0
 */
import { Effect, Layer, Redacted } from "effect"
import { createHash, timingSafeEqual } from "node:crypto"
import { Authorization } from "./api/definition.js"
import { Unauthorized } from "./api/errors.js"

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest()

/** Whether `given` equals `expected`, in time independent of where they differ. @since 0.1.0 */
export const tokensMatch = (given: string, expected: string): boolean => timingSafeEqual(digest(given), digest(expected))

/** The middleware for a server token (none: every request passes). @since 0.1.0 */
export const layer = (token: string | undefined) =>
  Layer.succeed(Authorization, {
    bearer: (given) =>
      token === undefined || token === "" || tokensMatch(Redacted.value(given), token)
        ? Effect.void
        : Effect.fail(
            new Unauthorized({
              error: "Unauthorized",
              message: Redacted.value(given) === "" ? "this server needs a token: send Authorization: Bearer <HEATERS_TOKEN>" : "the token is wrong"
            })
          )
  })
