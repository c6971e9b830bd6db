/**
 * The video, status and search endpoints: list and detail (the library and status pages), submit
 * by URL or path, upload, retry, pipeline status, similarity search.
 *
 * @since 0.1.0
 */
import { HttpApiBuilder } from "@effect/platform"
import { Catalog, Clip, Embedder, Errors, Heaters, PipelineConfig, Search } from "@heaters/core"
import { Effect, Option } from "effect"
import { HeatersApi } from "../api/definition.js"
import { api } from "../api/errors.js"
import { clipId, videoId } from "../api/schemas.js"
import { reviewItem } from "../reviewItems.js"
import { saveUpload } from "../uploads.js"

/** Search filters with the configured model and strategy as defaults. */
/** The search page's filters as facade options; what is left out defaults to the pipeline config. */
const scope = (q: { readonly model?: string | undefined; readonly strategy?: string | undefined; readonly video?: number | undefined }) => ({
  ...(q.model ? { modelName: q.model } : {}),
  ...(q.strategy ? { generationStrategy: q.strategy } : {}),
  ...(q.video === undefined ? {} : { sourceVideoId: videoId(q.video) })
})

/** @since 0.1.0 */
export const pageSize = 12

const gone: ReadonlyArray<Clip.State> = ["merged", "split", "archived"]

const summary = (video: import("@heaters/core").SourceVideo.SourceVideo) =>
  Effect.gen(function* () {
    const clips = yield* Effect.flatMap(Catalog.Catalog, (c) => c.listClips({ sourceVideoId: video.id }))
    const counts: Record<string, number> = {}
    for (const clip of clips) counts[clip.state] = (counts[clip.state] ?? 0) + 1
    const failedClips = clips.filter((c) => c.state.endsWith("_failed")).map((c) => ({ id: c.id, state: c.state, lastError: c.lastError, retryCount: c.retryCount }))
    return { video, clips: counts, failedClips }
  })

/** @since 0.1.0 */
export const VideosLive = HttpApiBuilder.group(HeatersApi, "videos", (handlers) =>
  handlers
    .handle("list", () => api(Effect.flatMap(Catalog.Catalog, (c) => c.listVideos({})).pipe(Effect.flatMap((videos) => Effect.forEach(videos, summary)))))
    .handle("get", ({ path }) =>
      api(
        Effect.gen(function* () {
          const heaters = yield* Heaters.Heaters
          const video = yield* heaters.video(videoId(path.id))
          const clips = yield* heaters.clips(video.id)
          return { video, clips: yield* Effect.forEach(clips, (c) => reviewItem(c.id)) }
        })
      )
    )
    .handle("clips", ({ path }) =>
      api(
        Effect.gen(function* () {
          const heaters = yield* Heaters.Heaters
          const clips = yield* heaters.clips(videoId(path.id))
          return yield* Effect.forEach(clips.filter((c) => !gone.includes(c.state)), (c) => reviewItem(c.id))
        })
      )
    )
    .handle("submit", ({ payload }) => api(Effect.flatMap(Heaters.Heaters, (h) => h.submit(payload.source))))
    .handle("upload", ({ payload }) =>
      api(
        Effect.gen(function* () {
          const file = payload.file[0]
          if (file === undefined) return yield* new Errors.UnsupportedSource({ source: "upload", reason: "the form has no file in its `file` field" })
          const path = yield* saveUpload(file)
          return yield* Effect.flatMap(Heaters.Heaters, (h) => h.submit(path))
        })
      )
    )
    .handle("retry", ({ path }) =>
      api(
        Effect.gen(function* () {
          const heaters = yield* Heaters.Heaters
          const row = yield* heaters.retry.video(videoId(path.id))
          if (Option.isSome(row)) return row.value
          const video = yield* heaters.video(videoId(path.id))
          return yield* new Errors.ReviewConflict({ clipId: 0, action: "retry", state: video.state, reason: `video ${video.id} has not failed` })
        })
      )
    )
)

/** @since 0.1.0 */
export const StatusLive = HttpApiBuilder.group(HeatersApi, "status", (handlers) =>
  handlers.handle("get", () => api(Effect.flatMap(Heaters.Heaters, (h) => h.status)))
)

/** @since 0.1.0 */
export const SearchLive = HttpApiBuilder.group(HeatersApi, "search", (handlers) =>
  handlers
    .handle("options", () =>
      api(
        Effect.gen(function* () {
          const heaters = yield* Heaters.Heaters
          const config = yield* PipelineConfig.Pipeline
          const options = yield* heaters.search.filterOptions
          const embedder = yield* Embedder.Embedder
          return { ...options, defaults: { model: config.embeddingModel, strategy: config.generationStrategy }, textSearch: embedder.embedText !== undefined }
        })
      )
    )
    .handle("seed", ({ urlParams }) =>
      api(
        Effect.gen(function* () {
          const heaters = yield* Heaters.Heaters
          const seed = yield* heaters.search.random(scope(urlParams))
          return Option.isSome(seed) ? yield* reviewItem(seed.value) : null
        })
      )
    )
    .handle("similar", ({ urlParams }) =>
      api(
        Effect.gen(function* () {
          const q = { ...urlParams, order: urlParams.order ?? "nearest", page: urlParams.page ?? 1 }
          const heaters = yield* Heaters.Heaters
          return yield* matchesPage(q.page, heaters.search.similar(clipId(q.clipId), { ...scope(q), order: q.order, page: q.page, pageSize }))
        })
      )
    )
    .handle("text", ({ urlParams }) =>
      api(
        Effect.gen(function* () {
          const page = urlParams.page ?? 1
          const heaters = yield* Heaters.Heaters
          return yield* matchesPage(page, heaters.search.text(urlParams.query, { ...scope(urlParams), page, pageSize }))
        })
      )
    )
    .handle("duplicates", ({ urlParams }) =>
      api(
        Effect.gen(function* () {
          const heaters = yield* Heaters.Heaters
          const pairs = yield* heaters.search.duplicates({ ...scope(urlParams), ...(urlParams.clipId === undefined ? {} : { clipId: clipId(urlParams.clipId) }) })
          return pairs.map((p) => ({ clipId: p.clip.clipId, videoId: p.clip.sourceVideoId, duplicateClipId: p.duplicate.clipId, duplicateVideoId: p.duplicate.sourceVideoId, similarity: p.similarity }))
        })
      )
    )
)

/** A page of matches as the search page shows them: each clip's review item with its similarity. */
const matchesPage = <E, R>(page: number, matches: Effect.Effect<ReadonlyArray<Search.Match>, E, R>) =>
  Effect.gen(function* () {
    const items = yield* Effect.forEach(yield* matches, (m) => Effect.map(reviewItem(m.clipId), (item) => ({ ...item, similarityPct: m.similarityPct, distance: m.distance })))
    return { page, pageSize, items }
  })
