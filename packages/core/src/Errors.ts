/**
 * Every error Heaters can fail with, in one place. Each is a `Schema.TaggedError`: match on `_tag`
 * with `Effect.catchTag`, and read the context it carries (which video, clip, command, file).
 * The classes live beside the code that raises them; this module is where a host finds them all.
 *
 * @since 0.1.0
 */
export {
  CatalogError,
  DuplicateSource,
  InvalidAction,
  InvalidConfig,
  InvalidGroup,
  InvalidMerge,
  InvalidSplit,
  NotFound,
  ReviewConflict,
  StageInputError,
  UndoRefused,
  UnsupportedSource
} from "./domain/errors.js"
export { InvalidTransition } from "./domain/StateMachine.js"
export { ClaimLost, StageTimeout } from "./pipeline/rows.js"
export { BlobError, BlobNotFound } from "./services/BlobStore.js"
export { EmbedderError } from "./services/Embedder.js"
export { FetchFailed } from "./services/Fetcher.js"
export { QueueError } from "./services/JobQueue.js"
export { DimensionMismatch, TextSearchUnavailable } from "./services/Search.js"
export { BinaryNotFound, InvalidMediaRequest, MediaFailed, MediaUnreadable } from "./services/Media.js"
