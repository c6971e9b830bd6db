/**
 * `@heaters/adapters/embedded` — the embedded default: everything Heaters needs from nothing but
 * a data directory. SQLite (`<dataDir>/heaters.db`) for the catalog, search and job queue, the
 * local disk (`<dataDir>/blobs`) for objects, ffmpeg for media, yt-dlp/HTTP for URLs and the
 * colour-layout embedder (swap in a CLIP-style one with `embedder`). Worker ids name this host
 * and process, so a restarted worker resumes a crashed one's rows at once.
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
import { Layer } from "effect"
import * as Color from "../color/index.js"
import * as Ffmpeg from "../ffmpeg/index.js"
import * as Fs from "../fs/index.js"
import * as Sqlite from "../sqlite/index.js"
import * as Ytdlp from "../ytdlp/index.js"
import * as Holder from "./holder.js"

/** @since 0.1.0 */
export interface Options {
  readonly dataDir: string
  /** Prefix of blob URLs handed to browsers (default `/blobs/`, as the demo server serves them). */
  readonly blobBaseUrl?: string
  /** Pipeline settings; the embedding model defaults to the embedder's. */
  readonly pipeline?: Partial<PipelineConfig.PipelineConfig>
  /** Replaces the colour-layout embedder. */
  readonly embedder?: Layer.Layer<Embedder.Embedder, unknown>
  readonly ffmpeg?: Ffmpeg.FfmpegOptions
}

/**
 * Catalog, Search, JobQueue, BlobStore, Media, Fetcher, Embedder, the pipeline config and the
 * progress hub — ready for `Heaters.layer`.
 *
 * @since 0.1.0
 */
export const layer = (options: Options) =>
  Layer.mergeAll(
    Sqlite.layer({ filename: join(options.dataDir, "heaters.db") }),
    Fs.layer({ root: join(options.dataDir, "blobs"), baseUrl: options.blobBaseUrl ?? "/blobs/" }),
    Ffmpeg.layer(options.ffmpeg),
    Ytdlp.layer(),
    options.embedder ?? Color.layer(options.ffmpeg),
    PipelineConfig.layer({ embeddingModel: options.embedder ? PipelineConfig.defaults.embeddingModel : Color.modelName, ...options.pipeline }),
    Progress.layer,
    // Rows of a worker process that died on this machine resume as soon as a worker starts.
    Holder.layer
  )
