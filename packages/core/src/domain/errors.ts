/**
 * Domain errors shared by the pipeline and every adapter. Each carries the context a user needs
 * and a readable `message` (docs/architecture.md#rule-6-errors-are-values).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/** No `entity` (video, clip, …) with this `id` exists. @since 0.1.0 */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  entity: Schema.String,
  id: Schema.Union(Schema.Number, Schema.String)
}) {
  override get message() {
    return `${this.entity} ${this.id} not found`
  }
}

/** A catalog operation failed in the storage layer (connection, constraint, corrupt row). @since 0.1.0 */
export class CatalogError extends Schema.TaggedError<CatalogError>()("CatalogError", {
  operation: Schema.String,
  reason: Schema.String,
  /** The underlying exception (driver, file system), kept beside its `reason` text. */
  cause: Schema.optional(Schema.Defect)
}) {
  override get message() {
    return `catalog ${this.operation} failed: ${this.reason}`
  }
}

/** The clip moved under the reviewer (another reviewer or a worker acted first). @since 0.1.0 */
export class ReviewConflict extends Schema.TaggedError<ReviewConflict>()("ReviewConflict", {
  clipId: Schema.Number,
  action: Schema.String,
  state: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `cannot ${this.action} clip ${this.clipId} (state ${this.state}): ${this.reason}`
  }
}

/** Undo is impossible: nothing to undo, or the action was already committed. @since 0.1.0 */
export class UndoRefused extends Schema.TaggedError<UndoRefused>()("UndoRefused", {
  clipId: Schema.Number,
  reason: Schema.String
}) {
  override get message() {
    return `cannot undo on clip ${this.clipId}: ${this.reason}`
  }
}

/** A merge that breaks the rules of docs/pipeline.md#merge. @since 0.1.0 */
export class InvalidMerge extends Schema.TaggedError<InvalidMerge>()("InvalidMerge", {
  clipId: Schema.Number,
  targetClipId: Schema.NullOr(Schema.Number),
  reason: Schema.String
}) {
  override get message() {
    return `cannot merge clip ${this.clipId}${this.targetClipId === null ? "" : ` with ${this.targetClipId}`}: ${this.reason}`
  }
}

/** A group that breaks the rules of docs/pipeline.md#group. @since 0.1.0 */
export class InvalidGroup extends Schema.TaggedError<InvalidGroup>()("InvalidGroup", {
  clipId: Schema.Number,
  targetClipId: Schema.NullOr(Schema.Number),
  reason: Schema.String
}) {
  override get message() {
    return `cannot group clip ${this.clipId}${this.targetClipId === null ? "" : ` with ${this.targetClipId}`}: ${this.reason}`
  }
}

/** A split frame outside the rule of docs/plans.md#split. @since 0.1.0 */
export class InvalidSplit extends Schema.TaggedError<InvalidSplit>()("InvalidSplit", {
  clipId: Schema.Number,
  frame: Schema.Number,
  reason: Schema.String
}) {
  override get message() {
    return `cannot split clip ${this.clipId} at frame ${this.frame}: ${this.reason}`
  }
}

/** A submission that is not a usable source (empty, unsupported scheme, malformed). @since 0.1.0 */
export class UnsupportedSource extends Schema.TaggedError<UnsupportedSource>()("UnsupportedSource", {
  source: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `unsupported source ${JSON.stringify(this.source.slice(0, 200))}: ${this.reason}`
  }
}

/** The same source was already submitted (docs/pipeline.md#intake). @since 0.1.0 */
export class DuplicateSource extends Schema.TaggedError<DuplicateSource>()("DuplicateSource", {
  source: Schema.String,
  existingId: Schema.Number
}) {
  override get message() {
    return `already submitted as source video ${this.existingId}: ${this.source}`
  }
}

/** A configuration value outside its allowed range. @since 0.1.0 */
export class InvalidConfig extends Schema.TaggedError<InvalidConfig>()("InvalidConfig", {
  key: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `invalid config ${this.key}: ${this.reason}`
  }
}

/** A stage found its input missing or inconsistent (no keyframes to embed, a vanished event…). @since 0.1.0 */
export class StageInputError extends Schema.TaggedError<StageInputError>()("StageInputError", {
  stage: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `${this.stage}: ${this.reason}`
  }
}

/**
 * A review action that is not one of the known shapes (an unknown `action`, a split without an
 * integer frame…) — what a host that forwards untyped input gets instead of a crash.
 *
 * @since 0.1.0
 */
export class InvalidAction extends Schema.TaggedError<InvalidAction>()("InvalidAction", {
  clipId: Schema.Number,
  reason: Schema.String
}) {
  override get message() {
    return `invalid review action for clip ${this.clipId}: ${this.reason}`
  }
}
