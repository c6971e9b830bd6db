/**
 * The JobQueue port: durable, at-least-once jobs with ids unique for ever (docs/jobs.md#idempotency).
 * A job id is built from the entity id and the row version it was created for, so a duplicate of
 * the same attempt collapses while a deliberate re-run (new version) gets a new id.
 *
 * @since 0.1.0
 */
import type { Effect } from "effect"
import { Context, Schema } from "effect"
import { ClipId, EventId, SourceVideoId } from "../domain/Ids.js"

/** Queues and what runs on them (docs/jobs.md). @since 0.1.0 */
export const QueueName = Schema.Literal("download", "media", "ml", "light")
/** One of the job queues: `download`, `media`, `ml` or `light`. @since 0.1.0 */
export type QueueName = typeof QueueName.Type

const versioned = { version: Schema.Int }

/** Download (or copy) a source video and normalise it into its master. @since 0.1.0 */
export class Ingest extends Schema.TaggedClass<Ingest>()("ingest", { videoId: SourceVideoId, ...versioned }) {}
/** Detect a source video's scene cuts and insert its clips. @since 0.1.0 */
export class Splice extends Schema.TaggedClass<Splice>()("splice", { videoId: SourceVideoId, ...versioned }) {}
/** Render a clip's sprite sheet for review. @since 0.1.0 */
export class Sprite extends Schema.TaggedClass<Sprite>()("sprite", { clipId: ClipId, ...versioned }) {}
/** Merge a clip with the adjacent `targetClipId` into one new clip. @since 0.1.0 */
export class Merge extends Schema.TaggedClass<Merge>()("merge", { clipId: ClipId, targetClipId: ClipId, ...versioned }) {}
/** Split a clip at the frame recorded by review event `eventId`. @since 0.1.0 */
export class Split extends Schema.TaggedClass<Split>()("split", { clipId: ClipId, eventId: EventId, ...versioned }) {}
/** Extract a clip's keyframes with a keyframe `strategy`. @since 0.1.0 */
export class Keyframe extends Schema.TaggedClass<Keyframe>()("keyframe", { clipId: ClipId, strategy: Schema.String, ...versioned }) {}
/** Embed a clip's keyframes with model `modelName` under `generationStrategy`. @since 0.1.0 */
export class Embed extends Schema.TaggedClass<Embed>()("embed", {
  clipId: ClipId,
  modelName: Schema.String,
  generationStrategy: Schema.String,
  ...versioned
}) {}
/** Delete an archived clip's derived files, artifacts and embeddings. @since 0.1.0 */
export class Archive extends Schema.TaggedClass<Archive>()("archive", { clipId: ClipId, ...versioned }) {}

/**
 * Schema of any job: the union of the eight tagged job kinds. Every job names its row and the row
 * version it was created for, so a stale job does nothing.
 *
 * @since 0.1.0
 */
export const Job = Schema.Union(Ingest, Splice, Sprite, Merge, Split, Keyframe, Embed, Archive)
/** One unit of pipeline work (see the `Job` schema). @since 0.1.0 */
export type Job = typeof Job.Type
/** The kind of a job (its tag), e.g. `ingest` or `embed`. @since 0.1.0 */
export type Kind = Job["_tag"]

/** The unique id of a job: `<kind>:<entity id>:v<version>`. @since 0.1.0 */
export const idOf = (job: Job): string => `${job._tag}:${"videoId" in job ? job.videoId : job.clipId}:v${job.version}`

/** A job queue operation failed. @since 0.1.0 */
export class QueueError extends Schema.TaggedError<QueueError>()("QueueError", {
  operation: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `job queue ${this.operation} failed: ${this.reason}`
  }
}

/** One delivery of a job to a worker: the job's id and how often it was tried before. @since 0.1.0 */
export interface Delivery {
  readonly id: string
  /** How many earlier deliveries of this job failed or were lost. */
  readonly attempts: number
}

/** A durable, deduplicating job queue: offer jobs by queue name, take them one at a time exclusively. @since 0.1.0 */
export interface JobQueueShape {
  /**
   * Enqueues unless a job with this id is waiting, running or done; returns whether it was
   * enqueued. A job dropped after the adapter's attempt cap is enqueued again, its attempts reset,
   * once the adapter's revival delay has passed since its last failure: the dispatcher offers a
   * job only while its row has not moved, so a job that died of transient errors before it could
   * touch its row would otherwise strand that row for ever.
   */
  readonly offer: (queue: QueueName, job: Job) => Effect.Effect<boolean, QueueError>
  /**
   * Waits for a job on `queue` and runs `handle` on it while holding it exclusively. Success
   * removes the job; failure or a defect releases it for another delivery, up to the adapter's
   * attempt cap.
   */
  readonly take: <A, E, R>(
    queue: QueueName,
    handle: (job: Job, delivery: Delivery) => Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E | QueueError, R>
  /** Jobs waiting or running on `queue`. */
  readonly size: (queue: QueueName) => Effect.Effect<number, QueueError>
}

/**
 * The job queue the dispatcher offers stage jobs to and workers take them from.
 *
 * @since 0.1.0
 * @category tags
 */
export class JobQueue extends Context.Tag("@heaters/core/JobQueue")<JobQueue, JobQueueShape>() {}
