/**
 * A clip — a frame range over its source's master — and its state machine (docs/state-machines.md#clip).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { ClipId, SourceVideoId } from "./Ids.js"
import * as StateMachine from "./StateMachine.js"

/**
 * Every clip state, in pipeline order: sprite generation, review, merge/split, keyframing, embedding
 * and archiving, each with its in-progress and failed states.
 *
 * @since 0.1.0
 */
export const states = [
  "spliced",
  "generating_sprite",
  "sprite_failed",
  "pending_review",
  "review_approved",
  "review_skipped",
  "review_archived",
  "merging",
  "merged",
  "merge_failed",
  "splitting",
  "split",
  "split_failed",
  "keyframing",
  "keyframed",
  "keyframe_failed",
  "embedding",
  "embedded",
  "embedding_failed",
  "archived",
  "archive_failed"
] as const

/** Schema of a clip's state: one of `states`. @since 0.1.0 */
export const State = Schema.Literal(...states)
/** A clip's state in the review and processing pipeline (see `machine` for the transitions). @since 0.1.0 */
export type State = typeof State.Type

/** The events that move a clip between states; `machine` says which states each is allowed from. @since 0.1.0 */
export type Event =
  | "start_sprite"
  | "complete_sprite"
  | "fail_sprite"
  | "approve"
  | "skip"
  | "archive"
  | "group"
  | "select_merge"
  | "select_split"
  | "undo"
  | "commit_merge"
  | "start_merge"
  | "complete_merge"
  | "fail_merge"
  | "commit_split"
  | "start_split"
  | "complete_split"
  | "fail_split"
  | "start_keyframe"
  | "complete_keyframe"
  | "fail_keyframe"
  | "start_embedding"
  | "complete_embedding"
  | "fail_embedding"
  | "complete_archive"
  | "fail_archive"

/**
 * Verdicts a reviewer can still take back (and a merge/group target may carry: the later action
 * supersedes the earlier verdict until the grace period ends).
 *
 * @since 0.1.0
 */
export const reviewResults: ReadonlyArray<State> = ["pending_review", "review_approved", "review_skipped", "review_archived"]

/**
 * The transition table of docs/state-machines.md#clip. `select_merge`/`select_split` keep the clip in
 * `pending_review` (with `reviewedAt` set) until the commit delay passes; `undo` restores it.
 *
 * @since 0.1.0
 */
export const machine = StateMachine.make<State, Event>("clip", states, [
  { from: ["spliced", "sprite_failed", "generating_sprite"], event: "start_sprite", to: "generating_sprite" },
  { from: ["generating_sprite"], event: "complete_sprite", to: "pending_review" },
  { from: ["generating_sprite"], event: "fail_sprite", to: "sprite_failed" },
  { from: ["pending_review"], event: "approve", to: "review_approved" },
  { from: ["pending_review"], event: "skip", to: "review_skipped" },
  { from: ["pending_review"], event: "archive", to: "review_archived" },
  { from: reviewResults, event: "group", to: "review_approved" },
  { from: reviewResults, event: "select_merge", to: "pending_review" },
  { from: ["pending_review"], event: "select_split", to: "pending_review" },
  { from: reviewResults, event: "undo", to: "pending_review" },
  { from: ["pending_review"], event: "commit_merge", to: "merging" },
  { from: ["merging", "merge_failed"], event: "start_merge", to: "merging" },
  { from: ["merging"], event: "complete_merge", to: "merged" },
  { from: ["merging"], event: "fail_merge", to: "merge_failed" },
  { from: ["pending_review"], event: "commit_split", to: "splitting" },
  { from: ["splitting", "split_failed"], event: "start_split", to: "splitting" },
  { from: ["splitting"], event: "complete_split", to: "split" },
  { from: ["splitting"], event: "fail_split", to: "split_failed" },
  { from: ["review_approved", "keyframe_failed", "keyframing"], event: "start_keyframe", to: "keyframing" },
  { from: ["keyframing"], event: "complete_keyframe", to: "keyframed" },
  { from: ["keyframing"], event: "fail_keyframe", to: "keyframe_failed" },
  { from: ["keyframed", "embedding_failed", "embedding"], event: "start_embedding", to: "embedding" },
  { from: ["embedding"], event: "complete_embedding", to: "embedded" },
  { from: ["embedding"], event: "fail_embedding", to: "embedding_failed" },
  { from: ["review_archived", "archive_failed"], event: "complete_archive", to: "archived" },
  { from: ["review_archived", "archive_failed"], event: "fail_archive", to: "archive_failed" }
])

/**
 * One row of `clips`. End frame and end time are exclusive; the clip's file is derived on demand
 * (`exportKey` is set only once a host exported it).
 *
 * @since 0.1.0
 */
export class Clip extends Schema.Class<Clip>("Clip")({
  id: ClipId,
  sourceVideoId: SourceVideoId,
  identifier: Schema.String,
  startFrame: Schema.Int,
  endFrame: Schema.Int,
  startTime: Schema.Number,
  endTime: Schema.Number,
  state: State,
  lastError: Schema.NullOr(Schema.String),
  retryCount: Schema.Int,
  version: Schema.Int,
  reviewedAt: Schema.NullOr(Schema.DateFromSelf),
  keyframedAt: Schema.NullOr(Schema.DateFromSelf),
  embeddedAt: Schema.NullOr(Schema.DateFromSelf),
  groupedWithClipId: Schema.NullOr(ClipId),
  exportKey: Schema.NullOr(Schema.String),
  processingMetadata: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  actionCommittedAt: Schema.NullOr(Schema.DateFromSelf),
  /** The worker holding the row while it is in progress (see docs/RELIABILITY.md, leases). */
  leaseOwner: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  /** When that worker's lease runs out unless renewed; after it, the row may be resumed. */
  leaseExpiresAt: Schema.optionalWith(Schema.NullOr(Schema.DateFromSelf), { default: () => null }),
  insertedAt: Schema.DateFromSelf,
  updatedAt: Schema.DateFromSelf
}) {
  /** Duration in seconds. */
  get duration(): number {
    return this.endTime - this.startTime
  }
  /** In the review queue: waiting for a reviewer and not yet acted on. */
  get inQueue(): boolean {
    return this.state === "pending_review" && this.reviewedAt === null
  }
}

/** The fields a stage may change together with the state. @since 0.1.0 */
export type Patch = Partial<
  Pick<
    Clip,
    | "state"
    | "lastError"
    | "retryCount"
    | "reviewedAt"
    | "keyframedAt"
    | "embeddedAt"
    | "groupedWithClipId"
    | "exportKey"
    | "processingMetadata"
    | "actionCommittedAt"
    | "leaseOwner"
    | "leaseExpiresAt"
  >
>

/** What splice, merge and split insert. @since 0.1.0 */
export interface New {
  readonly sourceVideoId: SourceVideoId
  readonly identifier: string
  readonly startFrame: number
  readonly endFrame: number
  readonly startTime: number
  readonly endTime: number
  readonly processingMetadata: Record<string, unknown>
}
