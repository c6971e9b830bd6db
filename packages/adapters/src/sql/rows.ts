/**
 * Row ↔ domain mapping for the shared SQL catalog: snake_case columns of docs/data-model.md to the
 * core's Schema classes, through the dialect's encodings.
 *
 * @since 0.1.0
 */
import { Artifact, Clip, Embedding, Ids, ReviewEvent, SourceVideo } from "@heaters/core"
import type { Dialect } from "./dialect.js"

/** A raw result row. @since 0.1.0 */
export type Row = Record<string, unknown>

const num = (v: unknown): number => Number(v)
const optNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))
const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
const json = (v: unknown): Record<string, unknown> =>
  v === null || v === undefined ? {} : typeof v === "string" ? (JSON.parse(v) as Record<string, unknown>) : (v as Record<string, unknown>)
const pad = (n: number) => String(n).padStart(2, "0")
/** Postgres `date` arrives as local midnight; keep the calendar day as `YYYY-MM-DD`. */
const day = (v: unknown): string | null =>
  v === null || v === undefined
    ? null
    : v instanceof Date
    ? `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`
    : String(v)

/** @since 0.1.0 */
export const makeRows = (d: Dialect) => {
  const time = (v: unknown): Date => d.readTime(v)
  const optTime = (v: unknown): Date | null => (v === null || v === undefined ? null : d.readTime(v))
  const optDbTime = (v: Date | null | undefined): unknown => (v === null || v === undefined ? null : d.time(v))

  const video = (r: Row): SourceVideo.SourceVideo =>
    new SourceVideo.SourceVideo({
      id: Ids.unsafe.video(num(r.id)),
      title: String(r.title),
      sourceUri: String(r.source_uri),
      webScraped: Boolean(r.web_scraped),
      masterKey: optStr(r.master_key),
      durationSeconds: optNum(r.duration_seconds),
      fps: optNum(r.fps),
      width: optNum(r.width),
      height: optNum(r.height),
      publishedDate: day(r.published_date),
      state: r.ingest_state as SourceVideo.State,
      lastError: optStr(r.last_error),
      retryCount: num(r.retry_count),
      version: num(r.version),
      downloadedAt: optTime(r.downloaded_at),
      splicedAt: optTime(r.spliced_at),
      leaseOwner: optStr(r.lease_owner),
      leaseExpiresAt: optTime(r.lease_expires_at),
      insertedAt: time(r.inserted_at),
      updatedAt: time(r.updated_at)
    })

  const clip = (r: Row): Clip.Clip =>
    new Clip.Clip({
      id: Ids.unsafe.clip(num(r.id)),
      sourceVideoId: Ids.unsafe.video(num(r.source_video_id)),
      identifier: String(r.clip_identifier),
      startFrame: num(r.start_frame),
      endFrame: num(r.end_frame),
      startTime: num(r.start_time_seconds),
      endTime: num(r.end_time_seconds),
      state: r.ingest_state as Clip.State,
      lastError: optStr(r.last_error),
      retryCount: num(r.retry_count),
      version: num(r.version),
      reviewedAt: optTime(r.reviewed_at),
      keyframedAt: optTime(r.keyframed_at),
      embeddedAt: optTime(r.embedded_at),
      groupedWithClipId: r.grouped_with_clip_id == null ? null : Ids.unsafe.clip(num(r.grouped_with_clip_id)),
      exportKey: optStr(r.export_key),
      processingMetadata: json(r.processing_metadata),
      actionCommittedAt: optTime(r.action_committed_at),
      leaseOwner: optStr(r.lease_owner),
      leaseExpiresAt: optTime(r.lease_expires_at),
      insertedAt: time(r.inserted_at),
      updatedAt: time(r.updated_at)
    })

  const artifact = (r: Row): Artifact.Artifact =>
    new Artifact.Artifact({
      id: Ids.unsafe.artifact(num(r.id)),
      clipId: Ids.unsafe.clip(num(r.clip_id)),
      type: r.artifact_type as Artifact.Type,
      strategy: String(r.strategy),
      tag: String(r.tag),
      key: String(r.s3_key),
      metadata: json(r.metadata)
    })

  const embedding = (r: Row): Embedding.Embedding =>
    new Embedding.Embedding({
      id: Ids.unsafe.embedding(num(r.id)),
      clipId: Ids.unsafe.clip(num(r.clip_id)),
      vector: d.readVector(r.embedding, num(r.embedding_dim)),
      modelName: String(r.model_name),
      modelVersion: optStr(r.model_version),
      generationStrategy: String(r.generation_strategy),
      dim: num(r.embedding_dim),
      generatedAt: time(r.generated_at)
    })

  const event = (r: Row): ReviewEvent.ReviewEvent =>
    ReviewEvent.fromRow({
      id: num(r.id),
      clipId: num(r.clip_id),
      action: String(r.action),
      reviewerId: String(r.reviewer_id),
      data: json(r.event_data),
      createdAt: time(r.created_at),
      processedAt: optTime(r.processed_at),
      cancelledAt: optTime(r.cancelled_at)
    })

  /** Patch field → [column, encoder] for `source_videos`. */
  const videoColumns: Record<keyof SourceVideo.Patch, readonly [string, (v: any) => unknown]> = {
    title: ["title", String],
    masterKey: ["master_key", (v) => v],
    durationSeconds: ["duration_seconds", (v) => v],
    fps: ["fps", (v) => v],
    width: ["width", (v) => v],
    height: ["height", (v) => v],
    publishedDate: ["published_date", (v) => v],
    state: ["ingest_state", (v) => v],
    lastError: ["last_error", (v) => v],
    retryCount: ["retry_count", (v) => v],
    downloadedAt: ["downloaded_at", optDbTime],
    splicedAt: ["spliced_at", optDbTime],
    leaseOwner: ["lease_owner", (v) => v],
    leaseExpiresAt: ["lease_expires_at", optDbTime]
  }

  /** Patch field → [column, encoder] for `clips`. */
  const clipColumns: Record<keyof Clip.Patch, readonly [string, (v: any) => unknown]> = {
    state: ["ingest_state", (v) => v],
    lastError: ["last_error", (v) => v],
    retryCount: ["retry_count", (v) => v],
    reviewedAt: ["reviewed_at", optDbTime],
    keyframedAt: ["keyframed_at", optDbTime],
    embeddedAt: ["embedded_at", optDbTime],
    groupedWithClipId: ["grouped_with_clip_id", (v) => v],
    exportKey: ["export_key", (v) => v],
    processingMetadata: ["processing_metadata", (v) => JSON.stringify(v ?? {})],
    actionCommittedAt: ["action_committed_at", optDbTime],
    leaseOwner: ["lease_owner", (v) => v],
    leaseExpiresAt: ["lease_expires_at", optDbTime]
  }

  return { video, clip, artifact, embedding, event, videoColumns, clipColumns, optDbTime }
}

/** @since 0.1.0 */
export type Rows = ReturnType<typeof makeRows>

/** The patch's defined fields as a column → value record. @since 0.1.0 */
export const columnsOf = (
  patch: Record<string, unknown>,
  mapping: Record<string, readonly [string, (v: any) => unknown]>
): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(patch)) {
    const column = mapping[key]
    if (column !== undefined && value !== undefined) out[column[0]] = column[1](value)
  }
  return out
}
