/**
 * The Embedder port: images in, one vector per image out (docs/pipeline.md#embed). The model stays loaded
 * for the life of the layer (the original reloaded it per job).
 *
 * @since 0.1.0
 */
import type { Effect } from "effect"
import { Context, Schema } from "effect"

/**
 * What went wrong, when an embedder can tell (a model directory or file missing, a model whose
 * inputs or output are not what an image/text encoder has, an unreadable file or image).
 *
 * @since 0.1.0
 */
export const EmbedderProblem = Schema.Literal(
  "missing_directory",
  "missing_file",
  "wrong_inputs",
  "wrong_output",
  "corrupt_file",
  "bad_config",
  "bad_image",
  "inference_failed",
  "missing_dependency"
)

/** What went wrong in an embedder, when it can tell (see the `EmbedderProblem` schema). @since 0.1.0 */
export type EmbedderProblem = typeof EmbedderProblem.Type

/** Embedding images or texts with `model` failed; `file` and `problem` say what was wrong when known. @since 0.1.0 */
export class EmbedderError extends Schema.TaggedError<EmbedderError>()("EmbedderError", {
  model: Schema.String,
  reason: Schema.String,
  /** The file the failure is about (a model, config or tokenizer file), when there is one. */
  file: Schema.optional(Schema.String),
  problem: Schema.optional(EmbedderProblem),
  /** The underlying exception, kept beside its `reason` text. */
  cause: Schema.optional(Schema.Defect)
}) {
  override get message() {
    return `embedding with ${this.model} failed: ${this.file === undefined ? "" : `${this.file}: `}${this.reason}`
  }
}

/** The model an embedder runs: its name, version (if any) and vector dimension. @since 0.1.0 */
export interface ModelInfo {
  readonly name: string
  readonly version: string | null
  readonly dim: number
}

/** An embedder: the model it runs and how it turns images (and, optionally, texts) into vectors. @since 0.1.0 */
export interface EmbedderShape {
  readonly model: ModelInfo
  /** One vector per encoded image (JPEG/PNG bytes), in order. */
  readonly embed: (images: ReadonlyArray<Uint8Array>) => Effect.Effect<ReadonlyArray<ReadonlyArray<number>>, EmbedderError>
  /**
   * One vector per text, in the same space as `embed`'s; absent when the model has no text encoder
   * (the colour descriptor), so text search is refused rather than answered with noise.
   */
  readonly embedText?: (texts: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<ReadonlyArray<number>>, EmbedderError>
}

/**
 * The embedder that turns keyframes (and search texts) into vectors.
 *
 * @since 0.1.0
 * @category tags
 */
export class Embedder extends Context.Tag("@heaters/core/Embedder")<Embedder, EmbedderShape>() {}
