/**
 * The CLIP embedder on onnxruntime-node: one scoped value owns the model's sessions (loaded once,
 * released when the scope closes), images go through sharp and a shared batching queue, texts
 * through the model's own tokenizer. See docs/embeddings.md.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import { createReadStream } from "node:fs"
import { Embedder, Errors } from "@heaters/core"
import { Effect } from "effect"
import * as Batcher from "./batcher.js"
import * as Host from "./host.js"
import * as Config from "./config.js"
import { defaultName, error, locate, type ModelFiles } from "./files.js"
import { loadLibraries } from "./libraries.js"
import * as Preprocess from "./preprocess.js"
import * as Session from "./session.js"
import * as Tokenize from "./tokenize.js"

/**
 * Settings of the CLIP embedder: the model directory, the name to store, batching, decoding
 * concurrency and where inference runs.
 *
 * @since 0.1.0
 */
export interface Options extends Session.SessionOptions {
  /** A CLIP export in the Immich/open_clip or Hugging Face ONNX layout. */
  readonly modelDir: string
  /** The model name stored with each embedding (default: the config's `_name_or_path`, else the directory's name). */
  readonly name?: string
  /** Images per inference (default 16). */
  readonly batchSize?: number
  /** How long the batching queue waits for more images before running a short batch (default 0 ms). */
  readonly lingerMs?: number
  /** Images decoded at once per `embed` call (default 4; sharp decodes on libuv's thread pool). */
  readonly decodeConcurrency?: number
  /**
   * Where inference runs: `worker` (default) keeps the sessions in one worker thread so the event
   * loop stays free; `main` runs them on the calling thread (onnxruntime-node blocks it per run).
   */
  readonly inference?: "worker" | "main"
}

/** What a loaded model reports beyond the port: for tests, tools and benchmarks. @since 0.1.0 */
export interface Details {
  readonly files: ModelFiles
  readonly preprocessing: Config.Preprocessing
  readonly vision: { readonly input: string; readonly output: string; readonly dim: number }
  readonly text: { readonly ids: string; readonly mask: string | null; readonly output: string; readonly contextLength: number } | null
  readonly tokenizer: Tokenize.TextTokenizer | null
  readonly batchStats: () => { readonly runs: number; readonly images: number }
}

/** The CLIP Embedder with the `details` of its loaded model. @since 0.1.0 */
export interface OnnxEmbedder extends Embedder.EmbedderShape {
  readonly details: Details
}

/** sha256 over the model files (first 16 hex digits): a re-exported model is a new version. */
const hashFiles = (paths: ReadonlyArray<string>, model: string) =>
  Effect.tryPromise({
    try: async () => {
      const hash = createHash("sha256")
      for (const path of paths) {
        for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
      }
      return hash.digest("hex").slice(0, 16)
    },
    catch: (e) => error(model, "corrupt_file", `cannot read the model files (${Errors.describe(e)})`, paths[0], e)
  })

const chunks = <A>(items: ReadonlyArray<A>, size: number): Array<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * Loads a model directory and returns the embedder; the sessions live until the scope closes.
 * Any problem with the directory, its files or the models is an `EmbedderError` naming the file.
 *
 * @since 0.1.0
 */
export const make = (options: Options) =>
  Effect.gen(function* () {
    const provisional = options.name ?? defaultName(options.modelDir)
    const files = yield* locate(options.modelDir, provisional)
    const config = yield* Config.read(files, provisional)
    const name = options.name ?? config.name ?? provisional
    const libs = yield* loadLibraries(name)
    const sessionOptions = options.intraOpThreads === undefined ? {} : { intraOpThreads: options.intraOpThreads }

    const host = yield* Effect.acquireRelease(
      Effect.try({
        try: () => (options.inference === "main" ? Host.inProcess(libs.ort) : Host.worker()),
        catch: (e) => error(name, "missing_dependency", `cannot start the onnxruntime worker thread (${Errors.describe(e)})`, undefined, e)
      }),
      (h) => Effect.promise(() => h.close())
    )
    const visionSession = yield* Session.open(host, files.vision, sessionOptions, name)
    const sizeIsConfigured = files.preprocessor !== null || config.preprocessing.size !== Config.clipDefaults.size
    const vision = yield* Session.vision(visionSession, files.vision, name, config.preprocessing.size, sizeIsConfigured)
    if (config.embedDim !== null && config.embedDim !== vision.dim) {
      return yield* error(name, "wrong_output", `the model puts out ${vision.dim}-dimensional vectors but ${files.config} says ${config.embedDim}`, files.vision)
    }
    const preprocessing: Config.Preprocessing =
      vision.size === config.preprocessing.size
        ? config.preprocessing
        : { ...config.preprocessing, size: vision.size, shortestEdge: Math.max(vision.size, config.preprocessing.shortestEdge) }

    let text: Session.Text | null = null
    let tokenizer: Tokenize.TextTokenizer | null = null
    if (files.text !== null && files.tokenizer !== null) {
      const textSession = yield* Session.open(host, files.text, sessionOptions, name)
      text = yield* Session.text(textSession, files.text, name, config.contextLength, Config.defaultContextLength)
      if (text.dim !== vision.dim) {
        return yield* error(name, "wrong_output", `the text model puts out ${text.dim}-dimensional vectors, the vision model ${vision.dim}`, files.text)
      }
      tokenizer = yield* Tokenize.load(libs.tokenizers, { tokenizer: files.tokenizer, tokenizerConfig: files.tokenizerConfig }, text.contextLength, name)
    }
    const version = yield* hashFiles(files.text === null ? [files.vision] : [files.vision, files.text], name)

    const batchSize = Math.max(1, Math.min(options.batchSize ?? 16, vision.maxBatch))
    const batcher = yield* Batcher.make({
      batchSize,
      lingerMs: options.lingerMs ?? 0,
      itemLength: 3 * preprocessing.size * preprocessing.size,
      run: vision.run,
      closed: () => error(name, "inference_failed", "the embedder was closed while this request waited"),
      crashed: (defect) => error(name, "inference_failed", `inference crashed (${Errors.describe(defect)})`, files.vision, defect)
    })
    const model: Embedder.ModelInfo = { name, version, dim: vision.dim }

    const embed = (images: ReadonlyArray<Uint8Array>) =>
      Effect.forEach(images, (bytes, i) => Preprocess.pixels(libs.sharp, bytes, preprocessing, name, `image ${i + 1} of ${images.length}`), {
        concurrency: options.decodeConcurrency ?? 4
      }).pipe(Effect.flatMap(batcher.embed))

    const textModel = text
    const textTokenizer = tokenizer
    const embedText =
      textModel === null || textTokenizer === null
        ? undefined
        : (texts: ReadonlyArray<string>) =>
            Effect.map(
              Effect.forEach(chunks(texts, Math.min(batchSize, textModel.maxBatch)), (chunk) =>
                Effect.suspend(() => {
                  const encoded = textTokenizer.encode(chunk)
                  return textModel.run(encoded.ids, encoded.mask, chunk.length)
                })
              ),
              (parts) => parts.flat()
            )

    return {
      model,
      embed,
      ...(embedText === undefined ? {} : { embedText }),
      details: {
        files,
        preprocessing,
        vision: { input: vision.input, output: vision.output, dim: vision.dim },
        text: textModel === null ? null : { ids: textModel.ids, mask: textModel.mask, output: textModel.output, contextLength: textModel.contextLength },
        tokenizer: textTokenizer,
        batchStats: batcher.stats
      }
    } satisfies OnnxEmbedder
  })
