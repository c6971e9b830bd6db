/**
 * Finding a CLIP export's files: the Immich/open_clip layout (`visual/model.onnx`,
 * `textual/model.onnx`, `config.json`) or the Hugging Face one (`onnx/vision_model.onnx`,
 * `onnx/text_model.onnx`, `preprocessor_config.json`), with `tokenizer.json` at the top or next
 * to the text model. See docs/embeddings.md.
 *
 * @since 0.1.0
 */
import { stat, readFile } from "node:fs/promises"
import { basename, join, resolve } from "node:path"
import { Embedder, Errors } from "@heaters/core"
import { Effect, ParseResult, Schema } from "effect"

/** How a model directory is laid out: an Immich/open_clip export or a Hugging Face ONNX export. @since 0.1.0 */
export type Layout = "immich" | "huggingface"

/** Absolute paths of the files one model directory provides. @since 0.1.0 */
export interface ModelFiles {
  readonly dir: string
  readonly layout: Layout
  readonly vision: string
  readonly text: string | null
  readonly tokenizer: string | null
  readonly tokenizerConfig: string | null
  /** Model-level config: `config.json` (both layouts name it so). */
  readonly config: string | null
  /** Image preprocessing config: `preprocessor_config.json` (HF) or `visual/preprocess_cfg.json` (Immich). */
  readonly preprocessor: string | null
}

/** @since 0.1.0 */
export const error = (model: string, problem: Embedder.EmbedderProblem, reason: string, file?: string, cause?: unknown) =>
  new Embedder.EmbedderError({ model, reason, problem, ...(file === undefined ? {} : { file }), ...(cause === undefined ? {} : { cause }) })

const kind = (path: string) =>
  Effect.promise(() =>
    stat(path).then(
      (s) => (s.isDirectory() ? "dir" : s.isFile() ? "file" : "other"),
      () => "missing" as const
    )
  )

const firstFile = (paths: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    for (const p of paths) if ((yield* kind(p)) === "file") return p
    return null
  })

/**
 * Locates the files of a model directory; a missing directory or vision model is an
 * `EmbedderError` naming the path. A text model without a tokenizer is refused too (text search
 * would be noise); a directory without a text model is a vision-only embedder.
 *
 * @since 0.1.0
 */
export const locate = (dirInput: string, model: string) =>
  Effect.gen(function* () {
    const dir = resolve(dirInput)
    const dirKind = yield* kind(dir)
    if (dirKind === "missing") return yield* error(model, "missing_directory", "the model directory does not exist", dir)
    if (dirKind !== "dir") return yield* error(model, "missing_directory", "the model path is not a directory", dir)
    const immichVision = join(dir, "visual", "model.onnx")
    const hfVision = join(dir, "onnx", "vision_model.onnx")
    const hasImmich = (yield* kind(join(dir, "visual"))) === "dir"
    const hasHf = (yield* kind(join(dir, "onnx"))) === "dir"
    if (!hasImmich && !hasHf) {
      return yield* error(model, "missing_file", "neither visual/model.onnx (Immich/open_clip layout) nor onnx/vision_model.onnx (Hugging Face layout) is there", dir)
    }
    const layout: Layout = hasImmich ? "immich" : "huggingface"
    const vision = layout === "immich" ? immichVision : hfVision
    if ((yield* kind(vision)) !== "file") return yield* error(model, "missing_file", "the vision model file is missing", vision)
    const textPath = layout === "immich" ? join(dir, "textual", "model.onnx") : join(dir, "onnx", "text_model.onnx")
    const text = (yield* kind(textPath)) === "file" ? textPath : null
    const textDir = layout === "immich" ? join(dir, "textual") : join(dir, "onnx")
    const tokenizer = yield* firstFile([join(dir, "tokenizer.json"), join(textDir, "tokenizer.json")])
    if (text !== null && tokenizer === null) {
      return yield* error(model, "missing_file", "the text model needs a tokenizer.json (looked at the top and next to the text model)", join(dir, "tokenizer.json"))
    }
    return {
      dir,
      layout,
      vision,
      text,
      tokenizer,
      tokenizerConfig: yield* firstFile([join(dir, "tokenizer_config.json"), join(textDir, "tokenizer_config.json")]),
      config: yield* firstFile([join(dir, "config.json")]),
      preprocessor: yield* firstFile([join(dir, "preprocessor_config.json"), join(dir, "visual", "preprocess_cfg.json")])
    } satisfies ModelFiles
  })

const JsonObjectFile = Schema.parseJson(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
const decodeJsonObject = Schema.decodeUnknown(JsonObjectFile)

/**
 * Reads a model's JSON file through `Schema.parseJson`; a file that cannot be read, or is not a
 * JSON object, is a `bad_config` error naming it.
 *
 * @since 0.1.0
 */
export const readJson = (path: string, model: string): Effect.Effect<Record<string, unknown>, Embedder.EmbedderError> =>
  Effect.tryPromise({
    try: () => readFile(path, "utf8"),
    catch: (e) => error(model, "bad_config", `not readable JSON (${Errors.describe(e)})`, path, e)
  }).pipe(
    Effect.flatMap((text) =>
      Effect.mapError(decodeJsonObject(text), (e) =>
        error(model, "bad_config", `not readable JSON (${ParseResult.TreeFormatter.formatErrorSync(e).split("\n").at(-1)!.trim()})`, path, e))
    )
  )

/** The default model name: the directory's name (Immich names them `ViT-B-32__openai`). @since 0.1.0 */
export const defaultName = (dir: string) => basename(resolve(dir))
