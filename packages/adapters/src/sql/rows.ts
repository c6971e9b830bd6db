/**
 * Row ↔ domain mapping for the shared SQL catalog: each table's snake_case columns
 * (docs/data-model.md) as a Schema struct of driver-neutral column types (`columns.ts`),
 * transformed into the core's Schema classes. A row that does not decode is a `CatalogError`
 * naming the table, the row id and the column at fault, never a throw.
 *
 * @since 0.1.0
 */
import { Artifact, Clip, Embedding, Errors, ReviewEvent, SourceVideo } from "@heaters/core"
import type { SchemaAST } from "effect"
import { Effect, Either, ParseResult, Schema } from "effect"
import { Day, Flag, Int, JsonObject, RawVector, Real, Time, vectorOf } from "./columns.js"
import type { Dialect } from "./dialect.js"

/** A raw result row. @since 0.1.0 */
export type Row = Record<string, unknown>

const Text = Schema.String
const OrNull = Schema.NullOr

/** Rows are written column by column (`columnsOf`), never encoded back from a domain value. */
const readOnly = (ast: SchemaAST.AST, actual: unknown) =>
  ParseResult.fail(new ParseResult.Forbidden(ast, actual, "catalog rows are written with columnsOf, not encoded"))

const leaseColumns = { lease_owner: OrNull(Text), lease_expires_at: OrNull(Time) }

/** A `source_videos` row. @since 0.1.0 */
export const VideoRow = Schema.Struct({
  id: Int,
  title: Text,
  source_uri: Text,
  web_scraped: Flag,
  master_key: OrNull(Text),
  duration_seconds: OrNull(Real),
  fps: OrNull(Real),
  width: OrNull(Int),
  height: OrNull(Int),
  published_date: OrNull(Day),
  ingest_state: SourceVideo.State,
  last_error: OrNull(Text),
  retry_count: Int,
  version: Int,
  downloaded_at: OrNull(Time),
  spliced_at: OrNull(Time),
  ...leaseColumns,
  inserted_at: Time,
  updated_at: Time
})

/** A `source_videos` row as a `SourceVideo`. @since 0.1.0 */
export const VideoFromRow = Schema.transformOrFail(VideoRow, SourceVideo.SourceVideo, {
  strict: true,
  decode: (r) =>
    ParseResult.succeed({
      id: r.id,
      title: r.title,
      sourceUri: r.source_uri,
      webScraped: r.web_scraped,
      masterKey: r.master_key,
      durationSeconds: r.duration_seconds,
      fps: r.fps,
      width: r.width,
      height: r.height,
      publishedDate: r.published_date,
      state: r.ingest_state,
      lastError: r.last_error,
      retryCount: r.retry_count,
      version: r.version,
      downloadedAt: r.downloaded_at,
      splicedAt: r.spliced_at,
      leaseOwner: r.lease_owner,
      leaseExpiresAt: r.lease_expires_at,
      insertedAt: r.inserted_at,
      updatedAt: r.updated_at
    }),
  encode: (v, _, ast) => readOnly(ast, v)
})

/** A `clips` row. @since 0.1.0 */
export const ClipRow = Schema.Struct({
  id: Int,
  source_video_id: Int,
  clip_identifier: Text,
  start_frame: Int,
  end_frame: Int,
  start_time_seconds: Real,
  end_time_seconds: Real,
  ingest_state: Clip.State,
  last_error: OrNull(Text),
  retry_count: Int,
  version: Int,
  reviewed_at: OrNull(Time),
  keyframed_at: OrNull(Time),
  embedded_at: OrNull(Time),
  grouped_with_clip_id: OrNull(Int),
  export_key: OrNull(Text),
  processing_metadata: JsonObject,
  action_committed_at: OrNull(Time),
  ...leaseColumns,
  inserted_at: Time,
  updated_at: Time
})

/** A `clips` row as a `Clip`. @since 0.1.0 */
export const ClipFromRow = Schema.transformOrFail(ClipRow, Clip.Clip, {
  strict: true,
  decode: (r) =>
    ParseResult.succeed({
      id: r.id,
      sourceVideoId: r.source_video_id,
      identifier: r.clip_identifier,
      startFrame: r.start_frame,
      endFrame: r.end_frame,
      startTime: r.start_time_seconds,
      endTime: r.end_time_seconds,
      state: r.ingest_state,
      lastError: r.last_error,
      retryCount: r.retry_count,
      version: r.version,
      reviewedAt: r.reviewed_at,
      keyframedAt: r.keyframed_at,
      embeddedAt: r.embedded_at,
      groupedWithClipId: r.grouped_with_clip_id,
      exportKey: r.export_key,
      processingMetadata: r.processing_metadata,
      actionCommittedAt: r.action_committed_at,
      leaseOwner: r.lease_owner,
      leaseExpiresAt: r.lease_expires_at,
      insertedAt: r.inserted_at,
      updatedAt: r.updated_at
    }),
  encode: (v, _, ast) => readOnly(ast, v)
})

/** A `clip_artifacts` row. @since 0.1.0 */
export const ArtifactRow = Schema.Struct({
  id: Int,
  clip_id: Int,
  artifact_type: Artifact.Type,
  strategy: Text,
  tag: Text,
  s3_key: Text,
  metadata: JsonObject
})

/** A `clip_artifacts` row as an `Artifact`. @since 0.1.0 */
export const ArtifactFromRow = Schema.transformOrFail(ArtifactRow, Artifact.Artifact, {
  strict: true,
  decode: (r) =>
    ParseResult.succeed({ id: r.id, clipId: r.clip_id, type: r.artifact_type, strategy: r.strategy, tag: r.tag, key: r.s3_key, metadata: r.metadata }),
  encode: (v, _, ast) => readOnly(ast, v)
})

/** An `embeddings` row. @since 0.1.0 */
export const EmbeddingRow = Schema.Struct({
  id: Int,
  clip_id: Int,
  embedding: RawVector,
  embedding_dim: Int,
  model_name: Text,
  model_version: OrNull(Text),
  generation_strategy: Text,
  generated_at: Time
})

/** An `embeddings` row as an `Embedding`; the vector's width comes from `embedding_dim`. @since 0.1.0 */
export const EmbeddingFromRow = Schema.transformOrFail(EmbeddingRow, Embedding.Embedding, {
  strict: true,
  decode: (r) =>
    ParseResult.succeed({
      id: r.id,
      clipId: r.clip_id,
      vector: vectorOf(r.embedding, r.embedding_dim),
      modelName: r.model_name,
      modelVersion: r.model_version,
      generationStrategy: r.generation_strategy,
      dim: r.embedding_dim,
      generatedAt: r.generated_at
    }),
  encode: (v, _, ast) => readOnly(ast, v)
})

/** A `clip_events` row. @since 0.1.0 */
export const EventRow = Schema.Struct({
  id: Int,
  clip_id: Int,
  action: Text,
  reviewer_id: Text,
  event_data: JsonObject,
  created_at: Time,
  processed_at: OrNull(Time),
  cancelled_at: OrNull(Time)
})

/** A `clip_events` row as its tagged review event: the action is the tag, `event_data` its payload. @since 0.1.0 */
export const EventFromRow = Schema.transformOrFail(EventRow, ReviewEvent.ReviewEvent, {
  strict: false,
  decode: (r) =>
    ParseResult.succeed({
      ...r.event_data,
      _tag: r.action,
      id: r.id,
      clipId: r.clip_id,
      reviewerId: r.reviewer_id,
      createdAt: r.created_at,
      processedAt: r.processed_at,
      cancelledAt: r.cancelled_at
    }),
  encode: (v, _, ast) => readOnly(ast, v)
})

/** The first problems of a failed decode, each as `column: message`. */
const problems = (error: ParseResult.ParseError): string =>
  ParseResult.ArrayFormatter.formatErrorSync(error)
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ")

/**
 * Decodes result rows of `table` with `schema`; the first row that does not decode fails the
 * operation with a `CatalogError` naming the table, the row id and what is wrong.
 *
 * @since 0.1.0
 */
export const decoder = <A, I>(table: string, schema: Schema.Schema<A, I>) => {
  const decode = Schema.decodeUnknownEither(schema)
  return (operation: string) => (rs: ReadonlyArray<Row>): Effect.Effect<Array<A>, Errors.CatalogError> =>
    Effect.forEach(rs, (row) =>
      Either.mapLeft(
        decode(row),
        (error) => new Errors.CatalogError({ operation, reason: `corrupt ${table} row (id ${String(row.id)}): ${problems(error)}` })
      ))
}

/** @since 0.1.0 */
export const makeRows = (d: Dialect) => {
  const optDbTime = (v: Date | null | undefined): unknown => (v === null || v === undefined ? null : d.time(v))
  const videos = decoder("source_videos", VideoFromRow)
  const clips = decoder("clips", ClipFromRow)
  const artifacts = decoder("clip_artifacts", ArtifactFromRow)
  const embeddings = decoder("embeddings", EmbeddingFromRow)
  const events = decoder("clip_events", EventFromRow)

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

  return { videos, clips, artifacts, embeddings, events, videoColumns, clipColumns, optDbTime }
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
