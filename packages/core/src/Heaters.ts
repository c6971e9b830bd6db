/**
 * The facade a host application uses: submit videos, review clips, search, run the workers.
 * Build it from the ports' layers; every method then needs nothing more. The whole host app, with
 * its imports, is `packages/examples/src/host-app.ts` (run by a test).
 *
 * @example
 * // HeatersLive = Heaters.layer over Memory.layer() (or Embedded.layer({ dataDir })) and Config.layer()
 * const program = Effect.gen(function* () {
 *   const heaters = yield* Heaters.Heaters
 *   yield* heaters.submit("/videos/holiday.mp4") // the ingest job starts at once
 *   yield* heaters.drain                         // ingest → splice → sprites, in this fiber
 *   const [item] = yield* heaters.review.next()
 *   yield* heaters.review.act(item!.clip.id, { action: "approve" })
 * })
 * Effect.runPromise(program.pipe(Effect.provide(HeatersLive)))
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Either, Layer, ParseResult, Schema, Stream } from "effect"
import * as Clip from "./domain/Clip.js"
import * as SourceVideo from "./domain/SourceVideo.js"
import type { CatalogError, InvalidGroup, InvalidMerge, InvalidSplit, NotFound, ReviewConflict, UndoRefused } from "./domain/errors.js"
import { InvalidAction } from "./domain/errors.js"
import type { ClipId, SourceVideoId } from "./domain/Ids.js"
import type { Pipeline } from "./PipelineConfig.js"
import type { BlobStore } from "./services/BlobStore.js"
import * as Export from "./pipeline/export.js"
import * as Intake from "./pipeline/intake.js"
import * as Progress from "./pipeline/Progress.js"
import * as Review from "./pipeline/review.js"
import * as ReviewPairs from "./pipeline/reviewPairs.js"
import * as SearchFacade from "./pipeline/search.js"
import type { Services } from "./pipeline/stages.js"
import * as Dispatcher from "./pipeline/Dispatcher.js"
import * as Worker from "./pipeline/Worker.js"
import { Catalog } from "./services/Catalog.js"
import * as JobQueue from "./services/JobQueue.js"
import type * as SearchPort from "./services/Search.js"
import { Search } from "./services/Search.js"
import * as Tracing from "./Tracing.js"

/** Counts by state, and jobs waiting per queue. @since 0.1.0 */
export interface Status {
  readonly videos: Readonly<Record<string, number>>
  readonly clips: Readonly<Record<string, number>>
  readonly queues: Readonly<Record<JobQueue.QueueName, number>>
  /** In-progress rows whose worker stopped renewing its lease: they wait for the next lease check. */
  readonly expiredLeases: { readonly videos: number; readonly clips: number }
}

/** Everything a review action can fail with. @since 0.1.0 */
export type ReviewError = NotFound | CatalogError | ReviewConflict | InvalidSplit | InvalidMerge | InvalidGroup | UndoRefused | InvalidAction

const decodeAction = Schema.decodeUnknownEither(Review.Action)

const act = (clipId: ClipId, input: Review.Action): Effect.Effect<ReadonlyArray<Clip.Clip>, ReviewError, Catalog | BlobStore | Pipeline> => {
  // Typed callers cannot get this wrong, but hosts forward untyped input (JSON, forms).
  const decoded = decodeAction(input)
  if (Either.isLeft(decoded)) {
    return Effect.fail(new InvalidAction({ clipId, reason: ParseResult.TreeFormatter.formatErrorSync(decoded.left) }))
  }
  const action = decoded.right
  switch (action.action) {
    case "approve":
    case "skip":
    case "archive":
      return Effect.map(Review.verdict(clipId, action.action), (clip): ReadonlyArray<Clip.Clip> => [clip])
    case "split":
      return Effect.map(Review.split(clipId, action.frame), (clip): ReadonlyArray<Clip.Clip> => [clip])
    case "merge":
      return ReviewPairs.merge(clipId, action.targetClipId)
    case "group":
      return ReviewPairs.group(clipId, action.targetClipId)
    case "undo":
      return ReviewPairs.undo(clipId)
  }
}

const status = Effect.gen(function* () {
  const catalog = yield* Catalog
  const queue = yield* JobQueue.JobQueue
  const videos: Record<string, number> = {}
  for (const v of yield* catalog.listVideos({})) videos[v.state] = (videos[v.state] ?? 0) + 1
  const clips: Record<string, number> = {}
  for (const state of Clip.states) {
    const n = yield* catalog.countClips({ states: [state] })
    if (n > 0) clips[state] = n
  }
  const queues = {} as Record<JobQueue.QueueName, number>
  for (const name of JobQueue.QueueName.literals) queues[name] = yield* queue.size(name)
  const at = new Date(yield* Clock.currentTimeMillis)
  const expiredLeases = {
    videos: (yield* catalog.listVideos({ states: SourceVideo.inProgress, leaseExpiredBy: at })).length,
    clips: yield* catalog.countClips({ leaseExpiredBy: at })
  }
  return { videos, clips, queues, expiredLeases } satisfies Status
})

const retryVideo = (id: SourceVideoId) =>
  Effect.flatMap(Catalog, (c) => c.updateVideo(id, { states: SourceVideo.failed }, { retryCount: 0 }))
const retryClip = (id: ClipId) =>
  Effect.flatMap(Catalog, (c) =>
    c.updateClip(id, { states: Clip.states.filter((s) => s.endsWith("_failed")) }, { retryCount: 0 })
  )

/** Builds the facade from the ports in context. @since 0.1.0 */
export const make = Effect.gen(function* () {
  // Every port call the facade and its stages make is a span (see Tracing).
  const context = Tracing.tracePorts(yield* Effect.context<Services | Search>())
  const run = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, Exclude<R, Services | Search>> =>
    Effect.provide(self, context) as Effect.Effect<A, E, Exclude<R, Services | Search>>
  const search = Context.get(context, Search)
  /** The port-shaped call the demo server still makes; the new form is `similar(clipId, options)`. */
  function similar(clipId: ClipId, options?: SearchFacade.Options): ReturnType<typeof search.similar>
  /** @deprecated pass the clip id and options instead; model and strategy default to the config. */
  function similar(query: SearchPort.SimilarQuery): ReturnType<typeof search.similar>
  function similar(clipIdOrQuery: ClipId | SearchPort.SimilarQuery, options?: SearchFacade.Options) {
    return typeof clipIdOrQuery === "object" ? search.similar(clipIdOrQuery) : run(SearchFacade.similar(clipIdOrQuery, options))
  }
  return {
    /** Submits a local path or an http(s) URL; the ingest job starts right away. */
    submit: (source: string) => run(Intake.submit(source)),
    video: (id: SourceVideoId) => run(Effect.flatMap(Catalog, (c) => c.getVideo(id))),
    clip: (id: ClipId) => run(Effect.flatMap(Catalog, (c) => c.getClip(id))),
    /** The clips of a video; `NotFound` for a video that does not exist (not an empty list). */
    clips: (videoId: SourceVideoId) => run(Effect.flatMap(Catalog, (c) => Effect.zipRight(c.getVideo(videoId), c.listClips({ sourceVideoId: videoId })))),
    review: {
      /** The next clips waiting for review (default 1). */
      next: (options?: { readonly limit?: number; readonly excludeIds?: ReadonlyArray<ClipId> }) => run(Review.next(options)),
      /** One clip as the review page shows it. */
      item: (clipId: ClipId) => run(Effect.flatMap(Effect.flatMap(Catalog, (c) => c.getClip(clipId)), Review.item)),
      /** Applies a reviewer action; returns the clips it changed. */
      act: (clipId: ClipId, action: Review.Action) => run(act(clipId, action)),
      /** The clip's review events, oldest first. */
      history: (clipId: ClipId) => run(Effect.flatMap(Catalog, (c) => c.listEvents(clipId))),
      /** How many clips wait for review. */
      pending: run(Effect.flatMap(Catalog, (c) => c.countClips({ states: ["pending_review"], reviewed: false })))
    },
    /**
     * Similarity search over embedded clips (`docs/search.md`). Model name and generation strategy
     * default to the pipeline config; every option may override them. Results are `Match`es in
     * descending similarity (ascending for `order: "farthest"`), ties by clip id, 12 per page.
     */
    search: {
      /** Clips most similar to `clipId` (`NotFound` when it has no vector for the model/strategy). */
      similar,
      /** Clips most similar to a text (`TextSearchUnavailable` without a text encoder for the model). */
      text: (query: string, options?: SearchFacade.Options) => run(SearchFacade.text(query, options)),
      /** A random embedded clip (the search page's dice), `Option.none()` when there is none. */
      random: (options?: SearchFacade.ScopeOptions) => run(SearchFacade.random(options)),
      /** Near-duplicate clips across videos: one clip's (`clipId`) or every pair. */
      duplicates: (options?: SearchFacade.DuplicateOptions) => run(SearchFacade.duplicates(options)),
      /** Models, strategies and videos that have embedded clips. */
      filterOptions: search.filterOptions,
      /** @deprecated use `random`; kept for the demo server until it moves over. */
      randomSeed: search.randomSeed
    },
    /** Renders the clip's own MP4 and returns its storage key. */
    exportClip: (clipId: ClipId) => run(Export.run(clipId)),
    /** Resets the retry counter of a row that used up its retries, so the dispatcher tries again. */
    retry: { video: (id: SourceVideoId) => run(retryVideo(id)), clip: (id: ClipId) => run(retryClip(id)) },
    /** Starts the workers and the dispatcher; they run until the scope closes. */
    runWorkers: run(Worker.start),
    /** Runs everything runnable now in this fiber, then returns the number of jobs run. */
    drain: run(Worker.drain),
    /** One dispatcher tick. */
    tick: run(Dispatcher.tick),
    status: run(status),
    /** Progress events (needs `Progress.layer`). */
    events: Stream.provideContext(Progress.events, context)
  }
})

/** @since 0.1.0 */
export type HeatersShape = Effect.Effect.Success<typeof make>

/**
 * @since 0.1.0
 * @category tags
 */
export class Heaters extends Context.Tag("@heaters/core/Heaters")<Heaters, HeatersShape>() {}

/**
 * The facade over the ports in context (Catalog, Search, BlobStore, JobQueue, Media, Embedder,
 * the pipeline config; a Fetcher when URLs are submitted; `Progress.layer` for events).
 *
 * @since 0.1.0
 */
export const layer = Layer.effect(Heaters, make)
