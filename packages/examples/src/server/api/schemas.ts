/**
 * The JSON shapes of the demo server's API, as schemas: what handlers return is encoded through
 * them, the OpenAPI document is derived from them, and the typed client decodes with them. Dates
 * travel as ISO strings.
 *
 * @since 0.1.0
 */
import { Artifact, Clip, Ids, Review, SourceVideo } from "@heaters/core"
import { Schema } from "effect"

const DateJson = Schema.Date
// Any JSON value. Spelled out as a union of JSON types: the default schema of `unknown` carries an
// `$id`, which an OpenAPI document may define only once.
const AnyJson = Schema.Unknown.annotations({
  jsonSchema: { anyOf: ["object", "array", "string", "number", "boolean", "null"].map((type) => ({ type })) }
})
const Id = Schema.Int.pipe(Schema.positive())

/** A positive integer id in a URL path. @since 0.1.0 */
export const IdPath = Schema.Struct({ id: Schema.NumberFromString.pipe(Schema.int(), Schema.positive()) })

/** A clip row. @since 0.1.0 */
export const ClipJson = Schema.Struct({
  id: Id,
  sourceVideoId: Id,
  identifier: Schema.String,
  startFrame: Schema.Int,
  endFrame: Schema.Int,
  startTime: Schema.Number,
  endTime: Schema.Number,
  state: Clip.State,
  lastError: Schema.NullOr(Schema.String),
  retryCount: Schema.Int,
  version: Schema.Int,
  reviewedAt: Schema.NullOr(DateJson),
  keyframedAt: Schema.NullOr(DateJson),
  embeddedAt: Schema.NullOr(DateJson),
  groupedWithClipId: Schema.NullOr(Id),
  exportKey: Schema.NullOr(Schema.String),
  processingMetadata: Schema.Record({ key: Schema.String, value: AnyJson }),
  actionCommittedAt: Schema.NullOr(DateJson),
  insertedAt: DateJson,
  updatedAt: DateJson
}).annotations({ identifier: "Clip" })

/** A source video row. @since 0.1.0 */
export const VideoJson = Schema.Struct({
  id: Id,
  title: Schema.String,
  sourceUri: Schema.String,
  webScraped: Schema.Boolean,
  masterKey: Schema.NullOr(Schema.String),
  durationSeconds: Schema.NullOr(Schema.Number),
  fps: Schema.NullOr(Schema.Number),
  width: Schema.NullOr(Schema.Int),
  height: Schema.NullOr(Schema.Int),
  publishedDate: Schema.NullOr(Schema.String),
  state: SourceVideo.State,
  lastError: Schema.NullOr(Schema.String),
  retryCount: Schema.Int,
  version: Schema.Int,
  downloadedAt: Schema.NullOr(DateJson),
  splicedAt: Schema.NullOr(DateJson),
  insertedAt: DateJson,
  updatedAt: DateJson
}).annotations({ identifier: "Video" })

/** A clip as the review page shows it, with the clips a plain merge and a plain group would pair it with. @since 0.1.0 */
export const ReviewItemJson = Schema.Struct({
  clip: ClipJson,
  video: Schema.Struct({ id: Id, title: Schema.String, fps: Schema.NullOr(Schema.Number) }),
  sprite: Schema.NullOr(Schema.Struct({ url: Schema.String, vttUrl: Schema.NullOr(Schema.String), meta: Schema.Struct(Artifact.SpriteMeta.fields) })),
  previousClipId: Schema.NullOr(Id),
  groupClipId: Schema.NullOr(Id),
  mergeHint: Schema.optional(AnyJson)
}).annotations({ identifier: "ReviewItem" })

/** A reviewer action (the core's schema, with ids as plain integers on the wire). @since 0.1.0 */
export const ActionJson = Review.Action

/** The review queue. @since 0.1.0 */
export const NextQuery = Schema.Struct({
  /** 1–50, default 6. */
  limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 50))),
  /** Comma-separated clip ids the page already holds. */
  exclude: Schema.optional(
    Schema.transform(Schema.String, Schema.Array(Schema.Number), {
      decode: (s) => s.split(",").filter((x) => /^\d+$/.test(x)).map(Number),
      encode: (ids) => ids.join(",")
    })
  )
})

/** One review event, its action-specific fields under `details`. @since 0.1.0 */
export const EventJson = Schema.Struct({
  id: Id,
  clipId: Id,
  action: Schema.String,
  reviewerId: Schema.String,
  createdAt: DateJson,
  processedAt: Schema.NullOr(DateJson),
  cancelledAt: Schema.NullOr(DateJson),
  details: Schema.Record({ key: Schema.String, value: AnyJson })
}).annotations({ identifier: "ReviewEvent" })

/** Counts by state and jobs per queue. @since 0.1.0 */
export const StatusJson = Schema.Struct({
  videos: Schema.Record({ key: Schema.String, value: Schema.Int }),
  clips: Schema.Record({ key: Schema.String, value: Schema.Int }),
  queues: Schema.Record({ key: Schema.String, value: Schema.Int })
}).annotations({ identifier: "Status" })

/** A video with its clips counted by state (the status and library pages). @since 0.1.0 */
export const VideoSummaryJson = Schema.Struct({
  video: VideoJson,
  clips: Schema.Record({ key: Schema.String, value: Schema.Int }),
  failedClips: Schema.Array(Schema.Struct({ id: Id, state: Clip.State, lastError: Schema.NullOr(Schema.String), retryCount: Schema.Int }))
}).annotations({ identifier: "VideoSummary" })

/** A video with every clip (also the merged and split ones, for lineage). @since 0.1.0 */
export const VideoDetailJson = Schema.Struct({
  video: VideoJson,
  clips: Schema.Array(ReviewItemJson)
}).annotations({ identifier: "VideoDetail" })

/** Search filters. @since 0.1.0 */
export const SearchQuery = Schema.Struct({
  model: Schema.optional(Schema.String),
  strategy: Schema.optional(Schema.String),
  video: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.positive()))
})

/** Similar clips of a seed, one page at a time. @since 0.1.0 */
export const SimilarQuery = Schema.Struct({
  ...SearchQuery.fields,
  clipId: Schema.NumberFromString.pipe(Schema.int(), Schema.positive()),
  /** Default `nearest` (most similar first). */
  order: Schema.optional(Schema.Literal("nearest", "farthest")),
  /** 1-based, default 1. */
  page: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 10_000)))
})

/** @since 0.1.0 */
export const SimilarJson = Schema.Struct({
  page: Schema.Int,
  pageSize: Schema.Int,
  items: Schema.Array(Schema.extend(ReviewItemJson, Schema.Struct({ similarityPct: Schema.Number, distance: Schema.Number })))
})

/** Clips matching a text, one page at a time (needs a model with a text encoder). @since 0.1.0 */
export const TextQuery = Schema.Struct({
  ...SearchQuery.fields,
  query: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(1000)),
  page: SimilarQuery.fields.page
})

/** Near-duplicates of one clip across videos (or every pair without `clipId`). @since 0.1.0 */
export const DuplicatesQuery = Schema.Struct({
  ...SearchQuery.fields,
  clipId: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.positive()))
})

/** @since 0.1.0 */
export const DuplicatesJson = Schema.Array(
  Schema.Struct({ clipId: Id, videoId: Id, duplicateClipId: Id, duplicateVideoId: Id, similarity: Schema.Number })
)

/** @since 0.1.0 */
export const SearchOptionsJson = Schema.Struct({
  models: Schema.Array(Schema.String),
  strategies: Schema.Array(Schema.String),
  videos: Schema.Array(Schema.Struct({ id: Id, title: Schema.String })),
  defaults: Schema.Struct({ model: Schema.String, strategy: Schema.String }),
  /** Whether the embedder has a text encoder (the page shows its text box then). */
  textSearch: Schema.Boolean
})

/** @since 0.1.0 */
export const clipId = (n: number) => Ids.unsafe.clip(n)
/** @since 0.1.0 */
export const videoId = (n: number) => Ids.unsafe.video(n)
