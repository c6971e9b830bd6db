/**
 * The facade a host application uses: submit videos, review clips, search, run the workers.
 * Build it from the ports' layers; every method then needs nothing more. The whole host app, with
 * its imports, is `packages/examples/src/host-app.ts` (run by a test).
 *
 * @example
 * // HeatersLive = Heaters.layer over Memory.layer() (or Embedded.layer({ dataDir })) and PipelineConfig.layer()
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
import type { Scope } from "effect"
import { Clock, Context, Effect, Either, Layer, Option, ParseResult, Schema, Stream } from "effect"
import * as Clip from "./domain/Clip.js"
import * as SourceVideo from "./domain/SourceVideo.js"
import type { CatalogError, DuplicateSource, InvalidGroup, InvalidMerge, InvalidSplit, NotFound, ReviewConflict, UndoRefused, UnsupportedSource } from "./domain/errors.js"
import { InvalidAction } from "./domain/errors.js"
import type { ClipId, SourceVideoId } from "./domain/Ids.js"
import type * as ReviewEvent from "./domain/ReviewEvent.js"
import type { Pipeline } from "./PipelineConfig.js"
import type { BlobError, BlobNotFound, BlobStore } from "./services/BlobStore.js"
import type { EmbedderError } from "./services/Embedder.js"
import type { MediaError } from "./services/Media.js"
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
import type { QueueError } from "./services/JobQueue.js"
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

/** What `review.next` and `review.item` return: a clip as the review page shows it. @since 0.1.0 */
export type ReviewItem = Review.ReviewItem

/**
 * The facade a host application uses. Every member is an Effect (or returns one) that needs
 * nothing more from its context: the ports were captured when the layer was built.
 *
 * @since 0.1.0
 * @category models
 */
export interface Heaters {
  /**
   * Submits a local path or an http(s) URL and enqueues its ingest job at once. Refuses other
   * schemes and malformed input with `UnsupportedSource`, a source seen before with `DuplicateSource`.
   */
  readonly submit: (source: string) => Effect.Effect<SourceVideo.SourceVideo, UnsupportedSource | DuplicateSource | CatalogError | QueueError>
  /** One source video; `NotFound` when there is none with that id. */
  readonly video: (id: SourceVideoId) => Effect.Effect<SourceVideo.SourceVideo, NotFound | CatalogError>
  /** One clip; `NotFound` when there is none with that id. */
  readonly clip: (id: ClipId) => Effect.Effect<Clip.Clip, NotFound | CatalogError>
  /** The clips of a video in timeline order; `NotFound` for a video that does not exist. */
  readonly clips: (videoId: SourceVideoId) => Effect.Effect<ReadonlyArray<Clip.Clip>, NotFound | CatalogError>
  /** The review workflow: the queue, actions (with undo) and each clip's event log. */
  readonly review: {
    /** The next clips waiting for review, oldest first (default 1), skipping `excludeIds`. */
    readonly next: (options?: { readonly limit?: number; readonly excludeIds?: ReadonlyArray<ClipId> }) => Effect.Effect<ReadonlyArray<ReviewItem>, NotFound | CatalogError | BlobError>
    /** One clip as the review page shows it: the clip, its video, its sprite sheet and merge hints. */
    readonly item: (clipId: ClipId) => Effect.Effect<ReviewItem, NotFound | CatalogError | BlobError>
    /**
     * Applies a reviewer action and appends it to the event log; returns the clips it changed.
     * Merge and split commit after `commitDelay`; `undo` reverts the last action until then.
     */
    readonly act: (clipId: ClipId, action: Review.Action) => Effect.Effect<ReadonlyArray<Clip.Clip>, ReviewError>
    /** The clip's review events, oldest first. */
    readonly history: (clipId: ClipId) => Effect.Effect<ReadonlyArray<ReviewEvent.ReviewEvent>, CatalogError>
    /** How many clips wait for review. */
    readonly pending: Effect.Effect<number, CatalogError>
  }
  /**
   * Similarity search over embedded clips. Model name and generation strategy default to the
   * pipeline config (any option may override them); results are in descending similarity
   * (ascending for `order: "farthest"`), ties by clip id, 12 per page.
   */
  readonly search: {
    /** Clips most similar to `clipId`; `NotFound` when it has no vector for the model and strategy. */
    readonly similar: (clipId: ClipId, options?: SearchFacade.Options) => Effect.Effect<ReadonlyArray<SearchPort.Match>, NotFound | CatalogError>
    /** Clips most similar to a text; `TextSearchUnavailable` when the embedder has no text encoder. */
    readonly text: (query: string, options?: SearchFacade.Options) => Effect.Effect<ReadonlyArray<SearchPort.Match>, SearchPort.TextSearchUnavailable | SearchPort.DimensionMismatch | EmbedderError | CatalogError>
    /** A random embedded clip (a seed for browsing), `Option.none()` when there is none. */
    readonly random: (options?: SearchFacade.ScopeOptions) => Effect.Effect<Option.Option<ClipId>, CatalogError>
    /** Near-duplicate clips across videos (cosine distance ≤ `duplicateMaxDistance`): one clip's, or every pair. */
    readonly duplicates: (options?: SearchFacade.DuplicateOptions) => Effect.Effect<ReadonlyArray<SearchPort.DuplicatePair>, NotFound | CatalogError>
    /** The models, strategies and videos that have embedded clips (for filters). */
    readonly filterOptions: Effect.Effect<SearchPort.FilterOptions, CatalogError>
  }
  /** Renders the clip's own MP4 (on demand, from the master) and returns its storage key. */
  readonly exportClip: (clipId: ClipId) => Effect.Effect<string, NotFound | CatalogError | ReviewConflict | BlobNotFound | BlobError | MediaError>
  /** Resets the retry counter of a row that used up its retries, so the dispatcher tries it again. */
  readonly retry: {
    /** A failed video; `None` when it is not in a failed state. */
    readonly video: (id: SourceVideoId) => Effect.Effect<Option.Option<SourceVideo.SourceVideo>, CatalogError>
    /** A failed clip; `None` when it is not in a failed state. */
    readonly clip: (id: ClipId) => Effect.Effect<Option.Option<Clip.Clip>, CatalogError>
  }
  /** Starts the workers (per queue, with its concurrency), the dispatcher and the lease check; they run until the scope closes. */
  readonly runWorkers: Effect.Effect<void, never, Scope.Scope>
  /** Runs everything runnable now in this fiber, waiting for nothing, and returns the number of jobs run. */
  readonly drain: Effect.Effect<number, NotFound | CatalogError | QueueError>
  /** One dispatcher tick: commits due merges and splits, enqueues ready, retryable and abandoned rows. */
  readonly tick: Effect.Effect<Dispatcher.TickResult, NotFound | CatalogError | QueueError>
  /** Videos and clips by state, jobs waiting per queue, and rows waiting on an expired lease. */
  readonly status: Effect.Effect<Status, CatalogError | QueueError>
  /** Progress events of every stage (needs `Progress.layer`; the embedded default has it). */
  readonly events: Stream.Stream<Progress.ProgressEvent>
}

/** Builds the facade from the ports in context. @since 0.1.0 */
export const make: Effect.Effect<Heaters, never, Services | Search> = Effect.gen(function* () {
  // Every port call the facade and its stages make is a span (see Tracing).
  const context = Tracing.tracePorts(yield* Effect.context<Services | Search>())
  const run = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, Exclude<R, Services | Search>> =>
    Effect.provide(self, context) as Effect.Effect<A, E, Exclude<R, Services | Search>>
  const search = Context.get(context, Search)
  return {
    submit: (source) => run(Intake.submit(source)),
    video: (id) => run(Effect.flatMap(Catalog, (c) => c.getVideo(id))),
    clip: (id) => run(Effect.flatMap(Catalog, (c) => c.getClip(id))),
    clips: (videoId) => run(Effect.flatMap(Catalog, (c) => Effect.zipRight(c.getVideo(videoId), c.listClips({ sourceVideoId: videoId })))),
    review: {
      next: (options) => run(Review.next(options)),
      item: (clipId) => run(Effect.flatMap(Effect.flatMap(Catalog, (c) => c.getClip(clipId)), Review.item)),
      act: (clipId, action) => run(act(clipId, action)),
      history: (clipId) => run(Effect.flatMap(Catalog, (c) => c.listEvents(clipId))),
      pending: run(Effect.flatMap(Catalog, (c) => c.countClips({ states: ["pending_review"], reviewed: false })))
    },
    search: {
      similar: (clipId, options) => run(SearchFacade.similar(clipId, options)),
      text: (query, options) => run(SearchFacade.text(query, options)),
      random: (options) => run(SearchFacade.random(options)),
      duplicates: (options) => run(SearchFacade.duplicates(options)),
      filterOptions: search.filterOptions
    },
    exportClip: (clipId) => run(Export.run(clipId)),
    retry: { video: (id) => run(retryVideo(id)), clip: (id) => run(retryClip(id)) },
    runWorkers: run(Worker.start),
    drain: run(Worker.drain),
    tick: run(Dispatcher.tick),
    status: run(status),
    events: Stream.provideContext(Progress.events, context)
  }
})

/**
 * The facade's service tag: `yield* Heaters.Heaters` in a program provided with `Heaters.layer`.
 *
 * @since 0.1.0
 * @category tags
 */
export const Heaters: Context.Tag<Heaters, Heaters> = Context.GenericTag<Heaters>("@heaters/core/Heaters")

/**
 * The facade over the ports in context (Catalog, Search, BlobStore, JobQueue, Media, Embedder,
 * the pipeline config; a Fetcher when URLs are submitted; `Progress.layer` for events).
 *
 * @since 0.1.0
 */
export const layer = Layer.effect(Heaters, make)
