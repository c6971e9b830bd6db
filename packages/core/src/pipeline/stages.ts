/**
 * The pipeline in one table (docs/jobs.md#dispatcher): which states feed each stage, which
 * failed and in-progress states it picks up again, which queue it runs on, how its job is built
 * from a row and what runs it. The Dispatcher reads it to find work; the Worker to run jobs.
 *
 * @since 0.1.0
 */
import type { Effect } from "effect"
import type * as Clip from "../domain/Clip.js"
import type * as SourceVideo from "../domain/SourceVideo.js"
import type { Pipeline, PipelineConfig } from "../PipelineConfig.js"
import type { BlobStore } from "../services/BlobStore.js"
import type { Catalog } from "../services/Catalog.js"
import type { Embedder } from "../services/Embedder.js"
import type { Media } from "../services/Media.js"
import * as JobQueue from "../services/JobQueue.js"
import * as Archive from "./archive.js"
import * as Embed from "./embed.js"
import * as Ingest from "./ingest.js"
import * as Keyframe from "./keyframe.js"
import * as Merge from "./merge.js"
import * as Splice from "./splice.js"
import * as Split from "./split.js"
import * as Sprite from "./sprite.js"

/**
 * One row of the stage table: which rows (by state) a stage picks up, on which queue, which of its
 * states count as failed or in progress, and the job it enqueues for a row.
 *
 * @since 0.1.0
 */
export interface Stage<Row, S extends string> {
  readonly kind: JobQueue.Kind
  readonly queue: JobQueue.QueueName
  readonly ready: ReadonlyArray<S>
  readonly failed: ReadonlyArray<S>
  /** In-progress states: resumed when older than `staleAfter` (their worker presumably died). */
  readonly running: ReadonlyArray<S>
  /** Waits until the review grace period (`commitDelay`) has passed, so undo stays possible. */
  readonly settles: boolean
  /** The job for a row, or null when this row has none (e.g. the second clip of a merge). */
  readonly job: (row: Row, config: PipelineConfig) => JobQueue.Job | null
}

/** The source-video stages in order: ingest (download and normalise) then splice into clips. @since 0.1.0 */
export const videoStages: ReadonlyArray<Stage<SourceVideo.SourceVideo, SourceVideo.State>> = [
  {
    kind: "ingest",
    queue: "download",
    ready: ["new"],
    failed: ["ingestion_failed", "download_failed"],
    running: ["downloading"],
    settles: false,
    job: (v) => new JobQueue.Ingest({ videoId: v.id, version: v.version })
  },
  {
    kind: "splice",
    queue: "media",
    ready: ["downloaded"],
    failed: ["splicing_failed"],
    running: ["splicing"],
    settles: false,
    job: (v) => new JobQueue.Splice({ videoId: v.id, version: v.version })
  }
]

const metadataId = (clip: Clip.Clip, key: string): number | null => {
  const value = clip.processingMetadata[key]
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null
}

/** The clip stages: sprite, merge, split, keyframe, embed and archive, each with the states it starts from. @since 0.1.0 */
export const clipStages: ReadonlyArray<Stage<Clip.Clip, Clip.State>> = [
  {
    kind: "sprite",
    queue: "media",
    ready: ["spliced"],
    failed: ["sprite_failed"],
    running: ["generating_sprite"],
    settles: false,
    job: (c) => new JobQueue.Sprite({ clipId: c.id, version: c.version })
  },
  {
    kind: "merge",
    queue: "media",
    ready: [],
    failed: ["merge_failed"],
    running: ["merging"],
    settles: false,
    // Only the event's source clip carries the job; its partner rides along.
    job: (c) => {
      const target = metadataId(c, "merge_target_clip_id")
      return target === null ? null : new JobQueue.Merge({ clipId: c.id, targetClipId: target as Clip.Clip["id"], version: c.version })
    }
  },
  {
    kind: "split",
    queue: "media",
    ready: [],
    failed: ["split_failed"],
    running: ["splitting"],
    settles: false,
    job: (c) => {
      const event = metadataId(c, "split_event_id")
      return event === null ? null : new JobQueue.Split({ clipId: c.id, eventId: event as JobQueue.Split["eventId"], version: c.version })
    }
  },
  {
    kind: "keyframe",
    queue: "media",
    ready: ["review_approved"],
    failed: ["keyframe_failed"],
    running: ["keyframing"],
    settles: true,
    job: (c, config) => new JobQueue.Keyframe({ clipId: c.id, strategy: config.keyframeStrategy, version: c.version })
  },
  {
    kind: "embed",
    queue: "ml",
    ready: ["keyframed"],
    failed: ["embedding_failed"],
    running: ["embedding"],
    settles: false,
    job: (c, config) =>
      new JobQueue.Embed({
        clipId: c.id,
        modelName: config.embeddingModel,
        generationStrategy: config.generationStrategy,
        version: c.version
      })
  },
  {
    kind: "archive",
    queue: "light",
    ready: ["review_archived"],
    failed: ["archive_failed"],
    running: [],
    settles: true,
    job: (c) => new JobQueue.Archive({ clipId: c.id, version: c.version })
  }
]

/** What running the pipeline needs (a Fetcher is optional: only URL sources use it). @since 0.1.0 */
export type Services = Catalog | BlobStore | JobQueue.JobQueue | Media | Embedder | Pipeline

/** Runs one job: the stage module that owns its kind. @since 0.1.0 */
export const runJob = (job: JobQueue.Job): Effect.Effect<unknown, unknown, Services> => {
  switch (job._tag) {
    case "ingest":
      return Ingest.run(job.videoId, job.version)
    case "splice":
      return Splice.run(job.videoId, job.version)
    case "sprite":
      return Sprite.run(job.clipId, job.version)
    case "merge":
      return Merge.run(job.clipId, job.targetClipId, job.version)
    case "split":
      return Split.run(job.clipId, job.eventId, job.version)
    case "keyframe":
      return Keyframe.run(job.clipId, job.strategy, job.version)
    case "embed":
      return Embed.run(job.clipId, job.modelName, job.generationStrategy, job.version)
    case "archive":
      return Archive.run(job.clipId, job.version)
  }
}
