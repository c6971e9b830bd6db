/**
 * Shared by the corpus suites: Heaters on the embedded default (SQLite + local disk + ffmpeg) over
 * a fresh temp directory, driven from a ManagedRuntime, and a "nothing else touched" snapshot.
 */
import * as EmbeddedLayer from "@heaters/adapters/embedded"
import type * as YtDlp from "@heaters/adapters/ytdlp"
import { Catalog, Heaters, PipelineConfig } from "@heaters/core"
import { Effect, Layer, ManagedRuntime } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

export interface Embedded {
  readonly dir: string
  readonly run: <A, E>(effect: Effect.Effect<A, E, Heaters.Heaters | Catalog.Catalog>) => Promise<A>
  readonly heaters: Heaters.Heaters
  /** Closes the runtime and removes the directory. */
  readonly close: () => Promise<void>
  /** Closes the runtime and keeps the directory (for a server process to open next). */
  readonly dispose: () => Promise<void>
}

/** Heaters on SQLite + disk + ffmpeg in a temp directory (removed by `close`). */
export const startEmbedded = async (
  options: { readonly pipeline?: PipelineConfig.Input; readonly fetcher?: YtDlp.FetcherOptions; readonly dir?: string } = {}
): Promise<Embedded> => {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "heaters-corpus-"))
  const layer = Heaters.layer.pipe(
    Layer.provideMerge(EmbeddedLayer.layer({ dataDir: dir, pipeline: { commitDelay: 60_000, ...options.pipeline }, fetcher: { tempDir: dir, ...options.fetcher } }))
  )
  const runtime = ManagedRuntime.make(layer)
  const heaters = await runtime.runPromise(Heaters.Heaters)
  return {
    dir,
    heaters,
    run: (effect) => runtime.runPromise(effect),
    dispose: () => runtime.dispose(),
    close: async () => {
      await runtime.dispose()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** Every video and clip row (state, version, error) — to prove a bad input touched nothing else. */
export const snapshot = Effect.gen(function* () {
  const catalog = yield* Catalog.Catalog
  const videos = yield* catalog.listVideos({})
  const clips = yield* Effect.forEach(videos, (v) => catalog.listClips({ sourceVideoId: v.id }))
  return {
    videos: videos.map((v) => ({ id: v.id, state: v.state, version: v.version, lastError: v.lastError })),
    clips: clips.flat().map((c) => ({ id: c.id, state: c.state, version: c.version }))
  }
})
