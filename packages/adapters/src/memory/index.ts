/**
 * `@heaters/adapters/memory` — every port in memory, for tests and examples. `layer()` wires them
 * all together over one shared in-memory database and one pretend file system.
 *
 * @since 0.1.0
 */
import { Layer } from "effect"
import * as BlobStore from "./BlobStore.js"
import * as Catalog from "./Catalog.js"
import * as Embedder from "./Embedder.js"
import * as Fetcher from "./Fetcher.js"
import * as Files from "./Files.js"
import * as JobQueue from "./JobQueue.js"
import * as Media from "./Media.js"
import * as Search from "./Search.js"
import * as Tables from "./Tables.js"

export {
  /** @since 0.1.0 */
  BlobStore as MemoryBlobStore,
  /** @since 0.1.0 */
  Catalog as MemoryCatalog,
  /** @since 0.1.0 */
  Embedder as MemoryEmbedder,
  /** @since 0.1.0 */
  Fetcher as MemoryFetcher,
  /** @since 0.1.0 */
  Files as MemoryFiles,
  /** @since 0.1.0 */
  JobQueue as MemoryJobQueue,
  /** @since 0.1.0 */
  Media as MemoryMedia,
  /** @since 0.1.0 */
  Search as MemorySearch,
  /** @since 0.1.0 */
  Tables as MemoryTables
}

/** @since 0.1.0 */
export { SyntheticVideo, videoBytes } from "./Files.js"

/**
 * Settings of the memory adapters: the URLs the fake Fetcher serves, and the fake Embedder's,
 * JobQueue's and BlobStore's own options.
 *
 * @since 0.1.0
 */
export interface Options {
  /** URLs the fake Fetcher can download. */
  readonly resources?: Readonly<Record<string, Fetcher.Resource>>
  readonly embedder?: Embedder.Options
  readonly queue?: JobQueue.Options
  readonly blobs?: BlobStore.Options
}

/**
 * Catalog + Search (one database), JobQueue and the fake Embedder: the in-memory state of the
 * pipeline, for hosts and tests that bring real media, storage and downloads.
 *
 * @since 0.1.0
 */
export const layerStore = (options: Pick<Options, "embedder" | "queue"> = {}) =>
  Layer.mergeAll(
    Layer.mergeAll(Catalog.layer, Search.layer).pipe(Layer.provideMerge(Tables.layer)),
    JobQueue.layer(options.queue),
    Embedder.layer(options.embedder)
  )

/**
 * Every port in memory: `layerStore` plus BlobStore, Media and Fetcher over one pretend file system.
 * `Files` is exposed too, so tests can place synthetic videos at local paths.
 *
 * @since 0.1.0
 */
export const layer = (options: Options = {}) =>
  Layer.mergeAll(
    layerStore(options),
    Layer.mergeAll(BlobStore.layer(options.blobs), Media.layer, Fetcher.layer(options.resources)).pipe(
      Layer.provideMerge(Files.layer)
    )
  )
