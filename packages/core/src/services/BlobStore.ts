/**
 * The BlobStore port: objects under deterministic keys (docs/storage.md#keys). Keys never start with
 * `/` and never contain `..`; adapters reject such keys with `BlobError`.
 *
 * @since 0.1.0
 */
import type { Effect, Option, Scope, Stream } from "effect"
import { Context, Schema } from "effect"

/** No object is stored under `key`. @since 0.1.0 */
export class BlobNotFound extends Schema.TaggedError<BlobNotFound>()("BlobNotFound", { key: Schema.String }) {
  override get message() {
    return `object not found: ${this.key}`
  }
}

/** A storage operation failed; `keys` names every key it failed for. @since 0.1.0 */
export class BlobError extends Schema.TaggedError<BlobError>()("BlobError", {
  operation: Schema.String,
  keys: Schema.Array(Schema.String),
  reason: Schema.String,
  /** The underlying exception (driver, SDK, file system), kept beside its `reason` text. */
  cause: Schema.optional(Schema.Defect)
}) {
  override get message() {
    const shown = this.keys.slice(0, 5).join(", ") + (this.keys.length > 5 ? `, … (${this.keys.length})` : "")
    return `blob ${this.operation} failed for ${shown}: ${this.reason}`
  }
}

/** A byte range, end inclusive (as in HTTP `Range`). @since 0.1.0 */
export interface ByteRange {
  readonly start: number
  readonly end?: number
}

/**
 * The operations of an object store keyed by path-like strings: put bytes or a local file, read
 * (whole, streamed, ranged or as a local file), size, delete, list by prefix, and browser URLs.
 *
 * @since 0.1.0
 */
export interface BlobStoreShape {
  readonly put: (key: string, bytes: Uint8Array, contentType?: string) => Effect.Effect<void, BlobError>
  /** Uploads a local file (a path a Media or Fetcher operation produced). */
  readonly putFile: (key: string, path: string, contentType?: string) => Effect.Effect<void, BlobError>
  readonly get: (key: string) => Effect.Effect<Uint8Array, BlobNotFound | BlobError>
  readonly stream: (key: string, range?: ByteRange) => Stream.Stream<Uint8Array, BlobNotFound | BlobError>
  readonly size: (key: string) => Effect.Effect<Option.Option<number>, BlobError>
  /**
   * A local path holding the object, valid until the scope closes (the file itself for a local
   * store, a temporary download for a remote one).
   */
  readonly localPath: (key: string) => Effect.Effect<string, BlobNotFound | BlobError, Scope.Scope>
  /** Deletes every key; missing keys are not errors, any other per-key failure is. */
  readonly delete: (keys: ReadonlyArray<string>) => Effect.Effect<void, BlobError>
  readonly list: (prefix: string) => Effect.Effect<ReadonlyArray<string>, BlobError>
  /** An address a browser can load the object from. */
  readonly url: (key: string) => Effect.Effect<string, BlobError>
}

/**
 * The object store holding masters, sprite sheets, keyframes and exported clips.
 *
 * @since 0.1.0
 * @category tags
 */
export class BlobStore extends Context.Tag("@heaters/core/BlobStore")<BlobStore, BlobStoreShape>() {}
