/**
 * The API's error answers. Each carries its HTTP status as a schema annotation (so the server,
 * the OpenAPI document and the typed client agree), and a body `{ error, message }`: `error` names
 * the domain error behind it, `message` says what happened in words a person can act on.
 *
 * @since 0.1.0
 */
import { HttpApiSchema } from "@effect/platform"
import { BlobStore, Errors, Media } from "@heaters/core"
import { Effect, Schema } from "effect"

const body = { error: Schema.String, message: Schema.String }

/** 400: the request breaks a rule (bad split frame, no merge partner, unusable source…). @since 0.1.0 */
export class BadRequest extends Schema.TaggedError<BadRequest>()("BadRequest", body, HttpApiSchema.annotations({ status: 400 })) {}
/** 401: a mutating request without the server's token. @since 0.1.0 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", body, HttpApiSchema.annotations({ status: 401 })) {}
/** 404: no such clip, video or stored object. @since 0.1.0 */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", body, HttpApiSchema.annotations({ status: 404 })) {}
/** 409: the row moved (reviewed elsewhere, already committed, submitted before). @since 0.1.0 */
export class Conflict extends Schema.TaggedError<Conflict>()("Conflict", body, HttpApiSchema.annotations({ status: 409 })) {}
/** 413: an upload over the size limit. @since 0.1.0 */
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()("PayloadTooLarge", body, HttpApiSchema.annotations({ status: 413 })) {}
/** 500: storage or media failed; the server log has the details. @since 0.1.0 */
export class ServerError extends Schema.TaggedError<ServerError>()("ServerError", body, HttpApiSchema.annotations({ status: 500 })) {}

/** @since 0.1.0 */
export type ApiError = BadRequest | NotFound | Conflict | ServerError

// Which answer each domain error class deserves (the status itself lives on the answer's schema).
// Grouping them here keeps the core free of HTTP; anything else is a server error.
const answers: ReadonlyArray<readonly [ReadonlyArray<new (...args: any) => Error>, new (fields: ConstructorParameters<typeof NotFound>[0]) => ApiError]> = [
  [[Errors.NotFound, BlobStore.BlobNotFound], NotFound],
  [[Errors.ReviewConflict, Errors.UndoRefused, Errors.DuplicateSource], Conflict],
  [[Errors.InvalidMerge, Errors.InvalidGroup, Errors.InvalidSplit, Errors.UnsupportedSource, Media.InvalidMediaRequest, Errors.TextSearchUnavailable, Errors.DimensionMismatch, Errors.InvalidAction], BadRequest]
]

/** The API error for a failure of the core. @since 0.1.0 */
export const fromDomain = (error: { readonly _tag: string; readonly message: string }): ApiError => {
  const fields = { error: error._tag, message: error.message }
  const answer = answers.find(([classes]) => classes.some((c) => error instanceof c))
  return answer ? new answer[1](fields) : new ServerError(fields)
}

/** Maps every failure of a handler to its API error; server errors are logged first. @since 0.1.0 */
export const api = <A, E extends { readonly _tag: string; readonly message: string }, R>(self: Effect.Effect<A, E, R>) =>
  Effect.mapError(self, fromDomain).pipe(
    Effect.tapError((e) => (e._tag === "ServerError" ? Effect.logError(`request failed: ${e.error}: ${e.message}`) : Effect.void))
  )
