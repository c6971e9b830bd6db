/**
 * The Media port: everything that decodes or encodes video. Each operation takes a plan (plain data
 * from `plans/`) and local paths; results that are files live until the caller's scope closes.
 * Interruption must stop any child process (docs/architecture.md#rules-of-the-house).
 *
 * @since 0.1.0
 */
import type { Effect, Scope } from "effect"
import { Context, Schema } from "effect"
import type { ExportPlan } from "../plans/export.js"
import type { KeyframePlan } from "../plans/keyframes.js"
import type { SpritePlan } from "../plans/sprite.js"

/** The file cannot be read as a video (empty, truncated, not media, audio only, zero-sized). @since 0.1.0 */
export class MediaUnreadable extends Schema.TaggedError<MediaUnreadable>()("MediaUnreadable", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `cannot read video ${this.path}: ${this.reason}`
  }
}

/** A media command failed; `stderr` holds the tail of its error output. @since 0.1.0 */
export class MediaFailed extends Schema.TaggedError<MediaFailed>()("MediaFailed", {
  operation: Schema.String,
  command: Schema.String,
  exitCode: Schema.NullOr(Schema.Number),
  stderr: Schema.String,
  /** The underlying failure (e.g. the process runner's), kept for logs and debugging. */
  cause: Schema.optional(Schema.Defect)
}) {
  override get message() {
    return `${this.operation} failed (exit ${this.exitCode}): ${this.stderr.trim().split("\n").slice(-3).join(" | ")}`
  }
}

/** A plan that does not fit the video (range outside it, empty range, absurd parameters). @since 0.1.0 */
export class InvalidMediaRequest extends Schema.TaggedError<InvalidMediaRequest>()("InvalidMediaRequest", {
  operation: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `${this.operation}: ${this.reason}`
  }
}

/** A required binary (ffmpeg, ffprobe, yt-dlp) is missing; `hint` says how to install one. @since 0.1.0 */
export class BinaryNotFound extends Schema.TaggedError<BinaryNotFound>()("BinaryNotFound", {
  binary: Schema.String,
  hint: Schema.String
}) {
  override get message() {
    return `${this.binary} not found: ${this.hint}`
  }
}

/** Any failure of a Media operation. @since 0.1.0 */
export type MediaError = MediaUnreadable | MediaFailed | InvalidMediaRequest | BinaryNotFound

/**
 * What probing a file tells (docs/pipeline.md#ingest). `width` × `height` is the picture as a
 * player shows it: turned by the stream's rotation and stretched by its pixel aspect, so a phone
 * video held upright is taller than wide whatever its stored frames are. Times and `frameCount`
 * are on the master's presentation timeline (docs/media.md#one-timeline): frame `n` starts at
 * `n / fps` seconds.
 *
 * @since 0.1.0
 */
export interface MediaInfo {
  readonly durationSeconds: number
  readonly fps: number
  readonly frameCount: number
  readonly width: number
  readonly height: number
  readonly videoCodec: string
  readonly audioCodec: string | null
  readonly hasAudio: boolean
  /** The stream's display rotation in degrees, as ffprobe states it (0, 90, 180, 270); already applied to `width` × `height`. */
  readonly rotation: number
  /** Width of a stored pixel relative to its height (1 for square pixels); already applied to `width`. */
  readonly pixelAspect: number
  /** Frames made of two fields (broadcast, camcorders): a master is deinterlaced. */
  readonly interlaced: boolean
  /** High dynamic range by its transfer (PQ or HLG), null for SDR: a master is tone-mapped to SDR. */
  readonly hdr: "pq" | "hlg" | null
  readonly pixelFormat: string | null
  readonly formatName: string
}

/** Progress of a long operation, 0…1. @since 0.1.0 */
export type OnProgress = (fraction: number) => Effect.Effect<void>

/** A normalised master written to a temporary `path`, with what probing it found. @since 0.1.0 */
export interface Normalized {
  readonly path: string
  readonly info: MediaInfo
  /** False when the input was already H.264/AAC yuv420p and was only remuxed. */
  readonly reencoded: boolean
}

/** Scene detection settings (docs/pipeline.md#splice). @since 0.1.0 */
export interface DetectionSettings {
  /** Detector name; adapters list theirs. `"default"` picks the adapter's best. */
  readonly detector: string
  /** Overrides the detector's own threshold. */
  readonly threshold?: number
}

/** What the single decode pass of `analyze` computes: scene detection, and optionally sprite tiles. @since 0.1.0 */
export interface AnalysisPlan {
  readonly detection: DetectionSettings
  /** Decode sprite tiles in the same pass (null: detection only). */
  readonly sprite: { readonly maxFps: number; readonly tileWidth: number } | null
}

/** A rendered sprite sheet: JPEG bytes, its real pixel size and the plan it follows. @since 0.1.0 */
export interface SpriteImage {
  readonly bytes: Uint8Array
  readonly width: number
  readonly height: number
  readonly plan: SpritePlan
}

/** One extracted keyframe: its tag, JPEG bytes, absolute time, clip-relative frame index and size. @since 0.1.0 */
export interface KeyframeImage {
  readonly tag: string
  readonly bytes: Uint8Array
  readonly time: number
  readonly frameIndex: number
  readonly width: number
  readonly height: number
}

/**
 * The result of the single decode pass: cut candidates (where the detector saw a cut, before
 * minimum-length suppression, which `plans/cuts.ts` applies) as frames of the presentation
 * timeline — `round(pts × fps)` of the first frame after the cut, so a variable frame rate or a
 * stream that starts late moves nothing —, per-decoded-frame scores for debugging, and a renderer
 * for sheets from the tiles decoded in the same pass. `info.frameCount` is the timeline's length
 * to the end of the last decoded frame.
 *
 * @since 0.1.0
 */
export interface Analysis {
  readonly info: MediaInfo
  readonly detector: string
  readonly threshold: number
  readonly candidates: ReadonlyArray<number>
  readonly scores: ReadonlyArray<number>
  /** Assembles a sheet from the shared pass's tiles; valid while the analysis scope is open. */
  readonly sheet: (plan: SpritePlan) => Effect.Effect<SpriteImage, MediaError>
  /**
   * Several sheets at once, in the order of `plans` — what ingest uses: an adapter may render them
   * together (the ffmpeg adapter runs one process for all of them instead of one per clip).
   */
  readonly sheets: (plans: ReadonlyArray<SpritePlan>) => Effect.Effect<ReadonlyArray<SpriteImage>, MediaError>
}

/**
 * The video operations the pipeline needs: probe, normalise, analyse (scene cuts and sprite tiles in
 * one pass), render sprite sheets, extract keyframes and export clips.
 *
 * @since 0.1.0
 */
export interface MediaShape {
  readonly probe: (path: string) => Effect.Effect<MediaInfo, MediaError>
  /** The master: H.264/AAC MP4, yuv420p, faststart; remux only when already compatible. */
  readonly normalize: (path: string, onProgress?: OnProgress) => Effect.Effect<Normalized, MediaError, Scope.Scope>
  readonly analyze: (path: string, plan: AnalysisPlan, onProgress?: OnProgress) => Effect.Effect<Analysis, MediaError, Scope.Scope>
  /** One clip's sheet by seeking (after merge/split, or when the shared pass is gone). */
  readonly renderSprite: (path: string, plan: SpritePlan) => Effect.Effect<SpriteImage, MediaError>
  readonly extractKeyframes: (path: string, plan: KeyframePlan) => Effect.Effect<ReadonlyArray<KeyframeImage>, MediaError>
  readonly exportClip: (path: string, plan: ExportPlan) => Effect.Effect<string, MediaError, Scope.Scope>
}

/**
 * The video processor (ffmpeg in the shipped adapters).
 *
 * @since 0.1.0
 * @category tags
 */
export class Media extends Context.Tag("@heaters/core/Media")<Media, MediaShape>() {}
