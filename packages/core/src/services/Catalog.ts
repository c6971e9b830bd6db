/**
 * The Catalog port: every row of docs/data-model.md (videos, clips, artifacts, embeddings, review events).
 * State changes are guarded updates — `WHERE id = ? AND state IN (guard.states) [AND version = ?]`
 * — that return `None` when the row has moved, so two workers can never both claim it
 * (docs/state-machines.md#guarded-updates). Every adapter stamps times with Effect's `Clock` (so `TestClock` works)
 * and bumps `version` on each update.
 *
 * @since 0.1.0
 */
import type { Effect, Option } from "effect"
import { Context } from "effect"
import type * as Artifact from "../domain/Artifact.js"
import type * as Clip from "../domain/Clip.js"
import type * as Embedding from "../domain/Embedding.js"
import type { CatalogError, NotFound } from "../domain/errors.js"
import type { ClipId, EventId, SourceVideoId } from "../domain/Ids.js"
import type * as ReviewEvent from "../domain/ReviewEvent.js"
import type * as SourceVideo from "../domain/SourceVideo.js"

/** Which rows a guarded update may touch. @since 0.1.0 */
export interface Guard<S extends string> {
  readonly states: ReadonlyArray<S>
  /** Only the row at exactly this version (the one a job was created for or a worker claimed). */
  readonly version?: number
  /** Only rows whose `reviewedAt` is (not) set. Clips only. */
  readonly reviewed?: boolean
}

/** Row filters shared by video and clip listings; results are ordered by id ascending. @since 0.1.0 */
export interface Query<S extends string> {
  readonly states?: ReadonlyArray<S>
  /** Only rows with `retryCount` below this. */
  readonly retriesBelow?: number
  /** Only rows last updated at or before this time. */
  readonly updatedBefore?: Date
  readonly afterId?: number
  readonly limit?: number
  /** Only rows holding a lease that ran out at or before this time (their worker stopped renewing). */
  readonly leaseExpiredBy?: Date
  /** Only rows that hold a lease (`true`) or hold none (`false`). */
  readonly leased?: boolean
}

/**
 * A lease renewal: the row keeps `owner` as its worker until `expiresAt`, provided it is still
 * held by `owner` at `version` (fencing: a worker that lost its row cannot touch the new owner's).
 *
 * @since 0.1.0
 */
export interface LeaseRenewal {
  readonly owner: string
  readonly version: number
  readonly expiresAt: Date
}

/**
 * Filters of a clip listing: the common row filters plus source video, review status, review time
 * and ids to leave out.
 *
 * @since 0.1.0
 */
export interface ClipQuery extends Query<Clip.State> {
  readonly sourceVideoId?: SourceVideoId
  readonly reviewed?: boolean
  /** Only rows reviewed at or before this time (the grace period of review verdicts). */
  readonly reviewedBefore?: Date
  readonly excludeIds?: ReadonlyArray<ClipId>
}

/**
 * Selects deferred review events ready to commit: these `actions`, created before `createdBefore`,
 * at most `limit` of them.
 *
 * @since 0.1.0
 */
export interface DueEventsQuery {
  readonly actions: ReadonlyArray<ReviewEvent.Action>
  readonly createdBefore: Date
  readonly limit: number
}

/**
 * The catalog's operations: source videos, clips (with state guards on every update), artifacts,
 * embeddings and the review event log, plus transactions.
 *
 * @since 0.1.0
 */
export interface CatalogShape {
  readonly insertVideo: (video: SourceVideo.New) => Effect.Effect<SourceVideo.SourceVideo, CatalogError>
  readonly getVideo: (id: SourceVideoId) => Effect.Effect<SourceVideo.SourceVideo, NotFound | CatalogError>
  /**
   * The video submitted from this source, if any. Inside a transaction it also holds the source
   * until the transaction ends (where the database needs it), so a check-then-insert of one
   * source cannot run twice at once.
   */
  readonly findVideoBySource: (sourceUri: string) => Effect.Effect<Option.Option<SourceVideo.SourceVideo>, CatalogError>
  readonly listVideos: (query: Query<SourceVideo.State>) => Effect.Effect<ReadonlyArray<SourceVideo.SourceVideo>, CatalogError>
  readonly updateVideo: (
    id: SourceVideoId,
    guard: Guard<SourceVideo.State>,
    patch: SourceVideo.Patch
  ) => Effect.Effect<Option.Option<SourceVideo.SourceVideo>, CatalogError>

  /** Inserts clips in state `spliced`. An identifier that exists already returns the existing row. */
  readonly insertClips: (clips: ReadonlyArray<Clip.New>) => Effect.Effect<ReadonlyArray<Clip.Clip>, CatalogError>
  readonly getClip: (id: ClipId) => Effect.Effect<Clip.Clip, NotFound | CatalogError>
  readonly listClips: (query: ClipQuery) => Effect.Effect<ReadonlyArray<Clip.Clip>, CatalogError>
  readonly countClips: (query: ClipQuery) => Effect.Effect<number, CatalogError>
  readonly updateClip: (
    id: ClipId,
    guard: Guard<Clip.State>,
    patch: Clip.Patch
  ) => Effect.Effect<Option.Option<Clip.Clip>, CatalogError>

  /** Inserts or replaces the artifact with the same (clip, type, strategy, tag). */
  readonly upsertArtifact: (artifact: Artifact.New) => Effect.Effect<Artifact.Artifact, CatalogError>
  readonly listArtifacts: (clipId: ClipId) => Effect.Effect<ReadonlyArray<Artifact.Artifact>, CatalogError>
  readonly deleteArtifacts: (clipId: ClipId) => Effect.Effect<void, CatalogError>

  /** Inserts or replaces the vector of (clip, model, strategy). */
  readonly upsertEmbedding: (embedding: Embedding.New) => Effect.Effect<Embedding.Embedding, CatalogError>
  readonly listEmbeddings: (clipId: ClipId) => Effect.Effect<ReadonlyArray<Embedding.Embedding>, CatalogError>
  readonly deleteEmbeddings: (clipId: ClipId) => Effect.Effect<void, CatalogError>

  readonly appendEvents: (
    events: ReadonlyArray<ReviewEvent.New>
  ) => Effect.Effect<ReadonlyArray<ReviewEvent.ReviewEvent>, CatalogError>
  /** A clip's events in id order. */
  readonly listEvents: (clipId: ClipId) => Effect.Effect<ReadonlyArray<ReviewEvent.ReviewEvent>, CatalogError>
  /** Uncommitted, uncancelled events old enough to commit, ordered by (createdAt, id). */
  readonly dueEvents: (query: DueEventsQuery) => Effect.Effect<ReadonlyArray<ReviewEvent.ReviewEvent>, CatalogError>
  /**
   * Sets `processedAt` or `cancelledAt` on events that have neither; returns how many changed
   * (fewer than asked means someone else committed or cancelled first).
   */
  readonly markEvents: (
    ids: ReadonlyArray<EventId>,
    mark: { readonly processedAt: Date } | { readonly cancelledAt: Date }
  ) => Effect.Effect<number, CatalogError>

  /**
   * Extends a held lease without a state change (the version stays, so the holder's guarded
   * completion still matches); `false` when the row is no longer held by that owner at that version.
   */
  readonly renewLease: (
    entity: "video" | "clip",
    id: number,
    renewal: LeaseRenewal
  ) => Effect.Effect<boolean, CatalogError>

  /** Runs `self` in one transaction: all of its writes land, or none. */
  readonly withTransaction: <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | CatalogError, R>
}

/**
 * The catalog: the relational store of source videos, clips, artifacts, embeddings and review events.
 *
 * @since 0.1.0
 * @category tags
 */
export class Catalog extends Context.Tag("@heaters/core/Catalog")<Catalog, CatalogShape>() {}
