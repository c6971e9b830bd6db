/**
 * Domain errors → HTTP answers: a JSON body `{ error, message }` with the status a client can act
 * on (404 missing, 409 conflicts, 400 bad requests), never a stack trace.
 *
 * @since 0.1.0
 */
import { HttpServerResponse } from "@effect/platform"
import { Cause, Effect } from "effect"

const statusOf: Record<string, number> = {
  NotFound: 404,
  BlobNotFound: 404,
  RouteNotFound: 404,
  ReviewConflict: 409,
  UndoRefused: 409,
  DuplicateSource: 409,
  InvalidMerge: 400,
  InvalidGroup: 400,
  InvalidSplit: 400,
  UnsupportedSource: 400,
  ParseError: 400,
  RequestError: 400
}

/** The HTTP response for any failure of a handler. @since 0.1.0 */
export const respond = (error: unknown) => {
  const tag = typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : "Error"
  const message = error instanceof Error ? error.message : String(error)
  const status = statusOf[tag] ?? 500
  return Effect.as(
    status >= 500 ? Effect.logError(`request failed: ${tag}: ${message}`) : Effect.void,
    HttpServerResponse.unsafeJson({ error: tag, message }, { status })
  )
}

/** Wraps a handler so every typed failure and defect becomes a JSON error response. @since 0.1.0 */
export const handled = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  self.pipe(
    Effect.catchAll(respond),
    Effect.catchAllDefect((defect) => respond(new Error(Cause.pretty(Cause.die(defect)).split("\n")[0])))
  )
