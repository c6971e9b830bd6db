/**
 * Files derived from a clip (docs/data-model.md#sprite-metadata): the sprite sheet the review page scrubs and the
 * keyframes the embedder reads. `strategy` and `tag` are always set, so (clip, type, strategy, tag)
 * identifies an artifact and a re-run upserts instead of duplicating.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { ArtifactId, ClipId } from "./Ids.js"

/** Schema of an artifact's kind: a `sprite_sheet` for review or a `keyframe` for embedding. @since 0.1.0 */
export const Type = Schema.Literal("sprite_sheet", "keyframe")
/** An artifact's kind: `sprite_sheet` or `keyframe`. @since 0.1.0 */
export type Type = typeof Type.Type

/**
 * The player metadata of a sprite sheet, with exactly the keys the review page reads (docs/data-model.md#json-payloads).
 *
 * @since 0.1.0
 */
export class SpriteMeta extends Schema.Class<SpriteMeta>("SpriteMeta")({
  cols: Schema.Int,
  rows: Schema.Int,
  tile_width: Schema.Int,
  tile_height_calculated: Schema.Int,
  total_sprite_frames: Schema.Int,
  clip_fps: Schema.Number,
  clip_fps_source: Schema.Number,
  clip_total_frames_source: Schema.Int,
  video_duration: Schema.Number,
  grid_dimensions: Schema.String,
  file_size: Schema.Int,
  filename: Schema.String,
  vtt_key: Schema.optional(Schema.String)
}) {}

/** Metadata of one keyframe image (docs/data-model.md#json-payloads). @since 0.1.0 */
export class KeyframeMeta extends Schema.Class<KeyframeMeta>("KeyframeMeta")({
  tag: Schema.String,
  frame_index: Schema.Int,
  timestamp_sec: Schema.Number,
  width: Schema.Int,
  height: Schema.Int,
  strategy: Schema.String,
  file_size: Schema.Int
}) {}

/** One row of `clip_artifacts`. @since 0.1.0 */
export class Artifact extends Schema.Class<Artifact>("Artifact")({
  id: ArtifactId,
  clipId: ClipId,
  type: Type,
  strategy: Schema.String,
  tag: Schema.String,
  key: Schema.String,
  metadata: Schema.Record({ key: Schema.String, value: Schema.Unknown })
}) {}

/** What a stage upserts. @since 0.1.0 */
export type New = Omit<Artifact, "id">

/** Sprite sheets use one fixed identity. @since 0.1.0 */
export const spriteIdentity = { type: "sprite_sheet", strategy: "default", tag: "sheet" } as const
