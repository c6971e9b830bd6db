/**
 * `@heaters/adapters/embedded` — the embedded default: everything Heaters needs from nothing but
 * a data directory. SQLite (`<dataDir>/heaters.db`) for the catalog, search and job queue, the
 * local disk (`<dataDir>/blobs`) for objects, ffmpeg for media, yt-dlp/HTTP for URLs and the
 * colour-layout embedder — or CLIP on onnxruntime when a model directory is given
 * (`clipModelDir` or `HEATERS_CLIP_MODEL_DIR`; see docs/embeddings.md), or any `embedder`.
 * Worker ids name this host and process, so a restarted worker resumes a crashed one's rows at once.
 *
 * @example
 * import { Heaters } from "@heaters/core"
 * import * as Embedded from "@heaters/adapters/embedded"
 * import { Layer } from "effect"
 *
 * const HeatersLive = Heaters.layer.pipe(Layer.provideMerge(Embedded.layer({ dataDir: "./data" })))
 *
 * @since 0.1.0
 */
import { join } from "node:path"
import { Embedder, PipelineConfig, Progress } from "@heaters/core"
import { Config, Effect, Layer, Option } from "effect"
import * as Color from "../color/index.js"
import * as Ffmpeg from "../ffmpeg/index.js"
import * as Fs from "../fs/index.js"
import * as Onnx from "../onnx/index.js"
import * as Sqlite from "../sqlite/index.js"
import * as Ytdlp from "../ytdlp/index.js"
import * as Holder from "./holder.js"

/**
 * Settings of the embedded default: the data directory, and optional overrides for URLs, the
 * pipeline, the embedder, ffmpeg and downloads.
 *
 * @since 0.1.0
 */
export interface Options {
  /** Holds `heaters.db` and the `blobs/` directory (created if missing). */
  readonly dataDir: string
  /** Prefix of blob URLs handed to browsers (default `/blobs/`, as the demo server serves them). */
  readonly blobBaseUrl?: string
  /** Pipeline settings; the embedding model defaults to the embedder's. */
  readonly pipeline?: PipelineConfig.Input
  /** Replaces the colour-layout embedder. */
  readonly embedder?: Layer.Layer<Embedder.Embedder, unknown>
  /**
   * A CLIP export (Immich/open_clip or Hugging Face ONNX layout) to embed with instead of colours;
   * defaults to `$HEATERS_CLIP_MODEL_DIR`. Ignored when `embedder` is given.
   */
  readonly clipModelDir?: string
  /** Settings of the CLIP embedder (threads, batch size). */
  readonly clip?: Omit<Onnx.Options, "modelDir">
  /** Where ffmpeg/ffprobe are and how the media adapter uses them. */
  readonly ffmpeg?: Ffmpeg.FfmpegOptions
  /** URL downloads; private and loopback targets are refused unless `allowPrivateAddresses`. */
  readonly fetcher?: Ytdlp.FetcherOptions
}

/**
 * The embedder the embedded default uses: `embedder` if given, CLIP when a model directory is
 * configured, the colour-layout descriptor otherwise.
 *
 * @since 0.1.0
 */
export const embedderLayer = (options: Pick<Options, "embedder" | "clipModelDir" | "clip" | "ffmpeg">): Layer.Layer<Embedder.Embedder, unknown> =>
  options.embedder ??
    Layer.unwrapEffect(
      Effect.map(Config.option(Config.nonEmptyString("HEATERS_CLIP_MODEL_DIR")), (fromEnv): Layer.Layer<Embedder.Embedder, unknown> => {
        const modelDir = options.clipModelDir ?? Option.getOrUndefined(fromEnv)
        return modelDir === undefined ? Color.layer(options.ffmpeg) : Onnx.layer({ ...options.clip, modelDir })
      })
    )

/**
 * Catalog, Search, JobQueue, BlobStore, Media, Fetcher, Embedder, the pipeline config and the
 * progress hub — ready for `Heaters.layer`.
 *
 * @since 0.1.0
 */
export const layer = (options: Options) => {
  const embedder = embedderLayer(options)
  // The embedding model the pipeline asks for is the one the embedder serves (one layer, built once).
  const pipeline = Layer.unwrapEffect(
    Effect.map(Embedder.Embedder, (e) => PipelineConfig.layer({ embeddingModel: e.model.name, ...options.pipeline }))
  ).pipe(Layer.provide(embedder))
  return Layer.mergeAll(
    Sqlite.layer({ filename: join(options.dataDir, "heaters.db") }),
    Fs.layer({ root: join(options.dataDir, "blobs"), baseUrl: options.blobBaseUrl ?? "/blobs/" }),
    Ffmpeg.layer(options.ffmpeg),
    Ytdlp.layer(options.fetcher),
    embedder,
    pipeline,
    Progress.layer,
    // Rows of a worker process that died on this machine resume as soon as a worker starts.
    Holder.layer
  )
}
