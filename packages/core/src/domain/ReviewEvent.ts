/**
 * The append-only review log (docs/review.md#event-log). One tagged class per action; the tag is the
 * action string stored in `clip_events.action`. `fold` replays a clip's events into the review part
 * of its state — the stored clip must always equal it (docs/review.md#event-log).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type * as Clip from "./Clip.js"
import { ClipId, EventId } from "./Ids.js"

const common = {
  id: EventId,
  clipId: ClipId,
  reviewerId: Schema.String,
  createdAt: Schema.DateFromSelf,
  processedAt: Schema.NullOr(Schema.DateFromSelf),
  cancelledAt: Schema.NullOr(Schema.DateFromSelf)
}

/** A reviewer approved the clip; it goes on to keyframing and embedding. @since 0.1.0 */
export class Approve extends Schema.TaggedClass<Approve>()("selected_approve", common) {}
/** A reviewer skipped the clip: it leaves the queue without being approved or archived. @since 0.1.0 */
export class Skip extends Schema.TaggedClass<Skip>()("selected_skip", common) {}
/** A reviewer archived the clip: it is rejected and its files are cleaned up. @since 0.1.0 */
export class Archive extends Schema.TaggedClass<Archive>()("selected_archive", common) {}
/** The earlier clip of a merge pair. @since 0.1.0 */
export class MergeTarget extends Schema.TaggedClass<MergeTarget>()("selected_merge_target", {
  ...common,
  mergeSourceClipId: ClipId
}) {}
/** The later clip of a merge pair; committing this event commits the merge. @since 0.1.0 */
export class MergeSource extends Schema.TaggedClass<MergeSource>()("selected_merge_source", {
  ...common,
  mergeTargetClipId: ClipId
}) {}
/** The clip another clip was grouped with; both are approved and stay linked via `groupedWithClipId`. @since 0.1.0 */
export class GroupTarget extends Schema.TaggedClass<GroupTarget>()("selected_group_target", {
  ...common,
  groupSourceClipId: ClipId
}) {}
/** The clip a reviewer grouped with `groupWithClipId`; it is approved alongside that clip. @since 0.1.0 */
export class GroupSource extends Schema.TaggedClass<GroupSource>()("selected_group_source", {
  ...common,
  groupWithClipId: ClipId
}) {}
/**
 * Split at a clip-relative 1-based frame; the absolute frame and cut time are computed once, by the
 * server, when the action is taken (docs/plans.md#split).
 *
 * @since 0.1.0
 */
export class Split extends Schema.TaggedClass<Split>()("selected_split", {
  ...common,
  splitAtFrame: Schema.Int,
  absoluteFrame: Schema.Int,
  cutTime: Schema.Number
}) {}
/** Takes back the reviewer's latest actions (`undoesEventIds`, now cancelled) and returns the clip to review. @since 0.1.0 */
export class Undo extends Schema.TaggedClass<Undo>()("selected_undo", {
  ...common,
  undoesEventIds: Schema.Array(EventId)
}) {}

/** Schema of any review event: the union of the nine tagged actions. @since 0.1.0 */
export const ReviewEvent = Schema.Union(Approve, Skip, Archive, MergeTarget, MergeSource, GroupTarget, GroupSource, Split, Undo)
/** One review event of the log: any of the nine tagged actions. @since 0.1.0 */
export type ReviewEvent = typeof ReviewEvent.Type
/** An action string as stored in `clip_events.action` (the tag of a review event). @since 0.1.0 */
export type Action = ReviewEvent["_tag"]

/** Actions whose effect waits for the commit delay (merge/split: destructive). @since 0.1.0 */
export const deferredActions: ReadonlyArray<Action> = ["selected_merge_source", "selected_split"]

/** An event before the catalog gives it an id and a time: the action and its payload. @since 0.1.0 */
export type New = { [E in ReviewEvent as E["_tag"]]: Omit<E, keyof typeof common> & { readonly clipId: ClipId; readonly reviewerId: string } }[Action]

/** A stored row: `data` holds the action's own fields as JSON (`event_data`). @since 0.1.0 */
export interface Row {
  readonly id: number
  readonly clipId: number
  readonly action: string
  readonly reviewerId: string
  readonly data: Record<string, unknown>
  readonly createdAt: Date
  readonly processedAt: Date | null
  readonly cancelledAt: Date | null
}

const commonKeys = new Set(["_tag", ...Object.keys(common)])

/** The action-specific payload of a new event, for `event_data`. @since 0.1.0 */
export const dataOf = (event: New | ReviewEvent): Record<string, unknown> =>
  Object.fromEntries(Object.entries(event).filter(([key]) => !commonKeys.has(key)))

const decodeRow = Schema.decodeUnknownSync(ReviewEvent)

/** Reads a stored row back into its tagged class (throws on a corrupt row). @since 0.1.0 */
export const fromRow = (row: Row): ReviewEvent =>
  decodeRow({
    ...row.data,
    _tag: row.action,
    id: row.id,
    clipId: row.clipId,
    reviewerId: row.reviewerId,
    createdAt: row.createdAt,
    processedAt: row.processedAt,
    cancelledAt: row.cancelledAt
  })

/**
 * The review part of a clip's state, as folded from its events.
 *
 * @since 0.1.0
 */
export interface Projection {
  readonly state: Clip.State
  readonly reviewed: boolean
  readonly groupedWithClipId: ClipId | null
}

/** The projection of a clip no reviewer has acted on yet: in `pending_review`, unreviewed, ungrouped. @since 0.1.0 */
export const initial: Projection = { state: "pending_review", reviewed: false, groupedWithClipId: null }

const step = (p: Projection, e: ReviewEvent): Projection => {
  switch (e._tag) {
    case "selected_approve":
      return { ...p, state: "review_approved", reviewed: true }
    case "selected_skip":
      return { ...p, state: "review_skipped", reviewed: true }
    case "selected_archive":
      return { ...p, state: "review_archived", reviewed: true }
    case "selected_group_target":
      return { state: "review_approved", reviewed: true, groupedWithClipId: e.groupSourceClipId }
    case "selected_group_source":
      return { state: "review_approved", reviewed: true, groupedWithClipId: e.groupWithClipId }
    case "selected_merge_target":
    case "selected_merge_source":
      return { state: e.processedAt ? "merging" : "pending_review", reviewed: true, groupedWithClipId: null }
    case "selected_split":
      return { state: e.processedAt ? "splitting" : "pending_review", reviewed: true, groupedWithClipId: null }
    case "selected_undo":
      return initial
  }
}

/**
 * Replays one clip's events (in id order) into its review projection. Cancelled events need no
 * special case: an undo always follows them and resets the projection.
 *
 * @since 0.1.0
 */
export const fold = (events: ReadonlyArray<ReviewEvent>): Projection =>
  [...events].sort((a, b) => a.id - b.id).reduce(step, initial)

/** The same projection read off a stored clip, for comparison with `fold`. @since 0.1.0 */
export const project = (clip: {
  readonly state: Clip.State
  readonly reviewedAt: Date | null
  readonly groupedWithClipId: ClipId | null
}): Projection => ({ state: clip.state, reviewed: clip.reviewedAt !== null, groupedWithClipId: clip.groupedWithClipId })
