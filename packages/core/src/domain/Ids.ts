/**
 * Branded identifiers. Every entity id is a positive integer (the SQL `serial` of docs/data-model.md),
 * branded so a clip id can never be passed where a video id is expected.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/** Schema of the id of a source video: a positive integer branded `SourceVideoId`. @since 0.1.0 */
export const SourceVideoId = Schema.Int.pipe(Schema.positive(), Schema.brand("SourceVideoId"))
/** The id of a source video, a positive integer branded so it cannot be mixed up with other ids. @since 0.1.0 */
export type SourceVideoId = typeof SourceVideoId.Type

/** Schema of the id of a clip: a positive integer branded `ClipId`. @since 0.1.0 */
export const ClipId = Schema.Int.pipe(Schema.positive(), Schema.brand("ClipId"))
/** The id of a clip, a positive integer branded so it cannot be mixed up with other ids. @since 0.1.0 */
export type ClipId = typeof ClipId.Type

/** Schema of the id of a clip artifact (sprite sheet or keyframe): a positive integer branded `ArtifactId`. @since 0.1.0 */
export const ArtifactId = Schema.Int.pipe(Schema.positive(), Schema.brand("ArtifactId"))
/** The id of a clip artifact (sprite sheet or keyframe), a positive integer branded so it cannot be mixed up with other ids. @since 0.1.0 */
export type ArtifactId = typeof ArtifactId.Type

/** Schema of the id of a review event: a positive integer branded `EventId`. @since 0.1.0 */
export const EventId = Schema.Int.pipe(Schema.positive(), Schema.brand("EventId"))
/** The id of a review event, a positive integer branded so it cannot be mixed up with other ids. @since 0.1.0 */
export type EventId = typeof EventId.Type

/** Schema of the id of an embedding: a positive integer branded `EmbeddingId`. @since 0.1.0 */
export const EmbeddingId = Schema.Int.pipe(Schema.positive(), Schema.brand("EmbeddingId"))
/** The id of an embedding, a positive integer branded so it cannot be mixed up with other ids. @since 0.1.0 */
export type EmbeddingId = typeof EmbeddingId.Type

/** Brands a trusted integer (a row id read back from storage) without validation. @since 0.1.0 */
export const unsafe = {
  video: (n: number) => n as SourceVideoId,
  clip: (n: number) => n as ClipId,
  artifact: (n: number) => n as ArtifactId,
  event: (n: number) => n as EventId,
  embedding: (n: number) => n as EmbeddingId
}
