/**
 * `@heaters/adapters/onnx` — CLIP in process on onnxruntime-node: image embeddings for "find
 * similar" and text embeddings for search by words, from a model directory exported in the
 * Immich/open_clip or the Hugging Face ONNX layout. The layer loads each encoder once and
 * releases it when its scope closes. Needs the optional peers `onnxruntime-node`, `sharp` and
 * `@huggingface/tokenizers`. See docs/embeddings.md.
 *
 * @example
 * import * as Onnx from "@heaters/adapters/onnx"
 * const EmbedderLive = Onnx.layer({ modelDir: "/models/ViT-B-32__openai", intraOpThreads: 2 })
 *
 * @since 0.1.0
 */
import { Embedder } from "@heaters/core"
import { Context, Effect, Layer } from "effect"
import { make, type OnnxEmbedder, type Options } from "./OnnxEmbedder.js"

export { clipDefaults, defaultContextLength, type Preprocessing } from "./config.js"
export { type Layout, type ModelFiles } from "./files.js"
export { make, type Details, type OnnxEmbedder, type Options } from "./OnnxEmbedder.js"
export { centreCrop, normalise, pixels, shortestSideSize } from "./preprocess.js"
export { sessionsCreated, type SessionOptions } from "./session.js"

/**
 * The loaded model with its details (files, preprocessing, discovered names, batch counters), for
 * tools and tests that need more than the port.
 *
 * @since 0.1.0
 * @category tags
 */
export class OnnxModel extends Context.Tag("@heaters/adapters/onnx/OnnxModel")<OnnxModel, OnnxEmbedder>() {}

/**
 * The `Embedder` (and `OnnxModel`) for a model directory, loaded once for the layer's lifetime.
 *
 * @since 0.1.0
 */
export const layerModel = (options: Options): Layer.Layer<OnnxModel | Embedder.Embedder, Embedder.EmbedderError> =>
  Layer.scopedContext(
    Effect.map(make(options), (embedder) => {
      const { details: _details, ...port } = embedder
      return Context.make(OnnxModel, embedder).pipe(Context.add(Embedder.Embedder, Embedder.Embedder.of(port)))
    })
  )

/**
 * The `Embedder` for a model directory, loaded once for the layer's lifetime.
 *
 * @since 0.1.0
 */
export const layer = (options: Options): Layer.Layer<Embedder.Embedder, Embedder.EmbedderError> => Layer.scoped(Embedder.Embedder, Effect.map(make(options), (e) => Embedder.Embedder.of(e)))
