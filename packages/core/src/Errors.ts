/**
 * Every error Heaters can fail with, in one place. Each is a `Schema.TaggedError` (or
 * `Data.TaggedError`): match on `_tag` with `Effect.catchTag`, and read the context it carries
 * (which video, clip, command, file). The classes live beside the code that raises them; this
 * module is where a host finds them all.
 *
 * @since 0.1.0
 */
import { describe as describeFailure } from "./domain/describe.js"
import * as Domain from "./domain/errors.js"
import * as StateMachine from "./domain/StateMachine.js"
import * as Rows from "./pipeline/rows.js"
import * as Lease from "./pipeline/Lease.js"
import * as BlobStore from "./services/BlobStore.js"
import * as Embedder from "./services/Embedder.js"
import * as Fetcher from "./services/Fetcher.js"
import * as JobQueue from "./services/JobQueue.js"
import * as Media from "./services/Media.js"
import * as Search from "./services/Search.js"

/** A catalog operation failed in the storage layer (connection, constraint, corrupt row). @since 0.1.0 */
export const CatalogError = Domain.CatalogError
/** A catalog operation failed in the storage layer (connection, constraint, corrupt row). @since 0.1.0 */
export type CatalogError = Domain.CatalogError
/** The same source was already submitted (docs/pipeline.md#intake). @since 0.1.0 */
export const DuplicateSource = Domain.DuplicateSource
/** The same source was already submitted (docs/pipeline.md#intake). @since 0.1.0 */
export type DuplicateSource = Domain.DuplicateSource
/** A review action that is not one of the known shapes (an unknown `action`, a split without an integer frame…) — what a host that forwards untyped input gets instead of a crash. @since 0.1.0 */
export const InvalidAction = Domain.InvalidAction
/** A review action that is not one of the known shapes (an unknown `action`, a split without an integer frame…) — what a host that forwards untyped input gets instead of a crash. @since 0.1.0 */
export type InvalidAction = Domain.InvalidAction
/** A configuration value outside its allowed range. @since 0.1.0 */
export const InvalidConfig = Domain.InvalidConfig
/** A configuration value outside its allowed range. @since 0.1.0 */
export type InvalidConfig = Domain.InvalidConfig
/** A group that breaks the rules of docs/pipeline.md#group. @since 0.1.0 */
export const InvalidGroup = Domain.InvalidGroup
/** A group that breaks the rules of docs/pipeline.md#group. @since 0.1.0 */
export type InvalidGroup = Domain.InvalidGroup
/** A merge that breaks the rules of docs/pipeline.md#merge. @since 0.1.0 */
export const InvalidMerge = Domain.InvalidMerge
/** A merge that breaks the rules of docs/pipeline.md#merge. @since 0.1.0 */
export type InvalidMerge = Domain.InvalidMerge
/** A split frame outside the rule of docs/plans.md#split. @since 0.1.0 */
export const InvalidSplit = Domain.InvalidSplit
/** A split frame outside the rule of docs/plans.md#split. @since 0.1.0 */
export type InvalidSplit = Domain.InvalidSplit
/** No `entity` (video, clip, …) with this `id` exists. @since 0.1.0 */
export const NotFound = Domain.NotFound
/** No `entity` (video, clip, …) with this `id` exists. @since 0.1.0 */
export type NotFound = Domain.NotFound
/** The clip moved under the reviewer (another reviewer or a worker acted first). @since 0.1.0 */
export const ReviewConflict = Domain.ReviewConflict
/** The clip moved under the reviewer (another reviewer or a worker acted first). @since 0.1.0 */
export type ReviewConflict = Domain.ReviewConflict
/** A stage found its input missing or inconsistent (no keyframes to embed, a vanished event…). @since 0.1.0 */
export const StageInputError = Domain.StageInputError
/** A stage found its input missing or inconsistent (no keyframes to embed, a vanished event…). @since 0.1.0 */
export type StageInputError = Domain.StageInputError
/** Undo is impossible: nothing to undo, or the action was already committed. @since 0.1.0 */
export const UndoRefused = Domain.UndoRefused
/** Undo is impossible: nothing to undo, or the action was already committed. @since 0.1.0 */
export type UndoRefused = Domain.UndoRefused
/** A submission that is not a usable source (empty, unsupported scheme, malformed). @since 0.1.0 */
export const UnsupportedSource = Domain.UnsupportedSource
/** A submission that is not a usable source (empty, unsupported scheme, malformed). @since 0.1.0 */
export type UnsupportedSource = Domain.UnsupportedSource
/** A transition the table does not allow. @since 0.1.0 */
export const InvalidTransition = StateMachine.InvalidTransition
/** A transition the table does not allow. @since 0.1.0 */
export type InvalidTransition = StateMachine.InvalidTransition
/** The row moved under a worker between its claim and its completion. @since 0.1.0 */
export const ClaimLost = Rows.ClaimLost
/** The row moved under a worker between its claim and its completion. @since 0.1.0 */
export type ClaimLost = Rows.ClaimLost
/** A stage ran past its timeout. @since 0.1.0 */
export const StageTimeout = Rows.StageTimeout
/** A stage ran past its timeout. @since 0.1.0 */
export type StageTimeout = Rows.StageTimeout
/** The row was taken over by another worker, or its lease ran out before it could be renewed. @since 0.1.0 */
export const LeaseLost = Lease.LeaseLost
/** The row was taken over by another worker, or its lease ran out before it could be renewed. @since 0.1.0 */
export type LeaseLost = Lease.LeaseLost
/** A storage operation failed; `keys` names every key it failed for. @since 0.1.0 */
export const BlobError = BlobStore.BlobError
/** A storage operation failed; `keys` names every key it failed for. @since 0.1.0 */
export type BlobError = BlobStore.BlobError
/** No object is stored under `key`. @since 0.1.0 */
export const BlobNotFound = BlobStore.BlobNotFound
/** No object is stored under `key`. @since 0.1.0 */
export type BlobNotFound = BlobStore.BlobNotFound
/** Embedding images or texts with `model` failed; `file` and `problem` say what was wrong when known. @since 0.1.0 */
export const EmbedderError = Embedder.EmbedderError
/** Embedding images or texts with `model` failed; `file` and `problem` say what was wrong when known. @since 0.1.0 */
export type EmbedderError = Embedder.EmbedderError
/** A download failed; `strategy` is what was tried last and `detail` the tail of its output. @since 0.1.0 */
export const FetchFailed = Fetcher.FetchFailed
/** A download failed; `strategy` is what was tried last and `detail` the tail of its output. @since 0.1.0 */
export type FetchFailed = Fetcher.FetchFailed
/** A job queue operation failed. @since 0.1.0 */
export const QueueError = JobQueue.QueueError
/** A job queue operation failed. @since 0.1.0 */
export type QueueError = JobQueue.QueueError
/** A required binary (ffmpeg, ffprobe, yt-dlp) is missing; `hint` says how to install one. @since 0.1.0 */
export const BinaryNotFound = Media.BinaryNotFound
/** A required binary (ffmpeg, ffprobe, yt-dlp) is missing; `hint` says how to install one. @since 0.1.0 */
export type BinaryNotFound = Media.BinaryNotFound
/** A plan that does not fit the video (range outside it, empty range, absurd parameters). @since 0.1.0 */
export const InvalidMediaRequest = Media.InvalidMediaRequest
/** A plan that does not fit the video (range outside it, empty range, absurd parameters). @since 0.1.0 */
export type InvalidMediaRequest = Media.InvalidMediaRequest
/** A media command failed; `stderr` holds the tail of its error output. @since 0.1.0 */
export const MediaFailed = Media.MediaFailed
/** A media command failed; `stderr` holds the tail of its error output. @since 0.1.0 */
export type MediaFailed = Media.MediaFailed
/** The file cannot be read as a video (empty, truncated, not media, audio only, zero-sized). @since 0.1.0 */
export const MediaUnreadable = Media.MediaUnreadable
/** The file cannot be read as a video (empty, truncated, not media, audio only, zero-sized). @since 0.1.0 */
export type MediaUnreadable = Media.MediaUnreadable
/** A query vector whose dimension differs from the stored vectors of that model and strategy. @since 0.1.0 */
export const DimensionMismatch = Search.DimensionMismatch
/** A query vector whose dimension differs from the stored vectors of that model and strategy. @since 0.1.0 */
export type DimensionMismatch = Search.DimensionMismatch
/** Text search needs an embedder with a text encoder for the searched model. @since 0.1.0 */
export const TextSearchUnavailable = Search.TextSearchUnavailable
/** Text search needs an embedder with a text encoder for the searched model. @since 0.1.0 */
export type TextSearchUnavailable = Search.TextSearchUnavailable

/**
 * Any failure as one readable line: an exception's message (with its cause's), a tagged error's
 * own message (`withTag` prefixes its tag), or its tag and fields.
 *
 * @since 0.1.0
 */
export const describe = describeFailure
