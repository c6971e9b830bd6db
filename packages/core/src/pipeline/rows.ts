/**
 * Claim → work → complete or fail, the one shape every stage has (docs/state-machines.md#guarded-updates).
 * A claim is a guarded update at the version the job was created for; losing it means another
 * worker has the row (or it moved on) and the job ends quietly. Any failure of the work is written
 * to the row (`lastError`, `retryCount + 1`) and becomes the dispatcher's to retry.
 *
 * @since 0.1.0
 */
import { Clock, Data, Effect, Option } from "effect"
import * as Clip from "../domain/Clip.js"
import { describe as describeError } from "../domain/describe.js"
import type { CatalogError } from "../domain/errors.js"
import type { ClipId, SourceVideoId } from "../domain/Ids.js"
import * as SourceVideo from "../domain/SourceVideo.js"
import * as StateMachine from "../domain/StateMachine.js"
import type { Pipeline } from "../PipelineConfig.js"
import { Catalog } from "../services/Catalog.js"
import * as Lease from "./Lease.js"
import * as Progress from "./Progress.js"

/** @since 0.1.0 */
export const now: Effect.Effect<Date> = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms))

/** The row moved under a worker between its claim and its completion. @since 0.1.0 */
export class ClaimLost extends Data.TaggedError("ClaimLost")<{ readonly entity: string; readonly id: number }> {}

/** A readable reason for any failure (tagged errors carry their own message); see `Errors.describe`. @since 0.1.0 */
export const describe = (error: unknown): string => describeError(error)

/** Every transition ends a lease unless its patch sets one (only claims do). */
const noLease = { leaseOwner: null, leaseExpiresAt: null } as const

/** Guarded clip transition; `None` when the row is not in a source state (or not at `version`). @since 0.1.0 */
export const transitionClip = (clipId: ClipId, event: Clip.Event, patch: Clip.Patch = {}, version?: number) =>
  Effect.flatMap(Catalog, (catalog) =>
    catalog.updateClip(
      clipId,
      { states: StateMachine.sourcesOf(Clip.machine, event), ...(version === undefined ? {} : { version }) },
      { ...noLease, ...patch, state: StateMachine.targetOf(Clip.machine, event) }
    )
  )

/** Guarded video transition, as `transitionClip`. @since 0.1.0 */
export const transitionVideo = (videoId: SourceVideoId, event: SourceVideo.Event, patch: SourceVideo.Patch = {}, version?: number) =>
  Effect.flatMap(Catalog, (catalog) =>
    catalog.updateVideo(
      videoId,
      { states: StateMachine.sourcesOf(SourceVideo.machine, event), ...(version === undefined ? {} : { version }) },
      { ...noLease, ...patch, state: StateMachine.targetOf(SourceVideo.machine, event) }
    )
  )

/** Like `transitionClip` but a lost row is the `ClaimLost` error. @since 0.1.0 */
export const completeClip = (clip: Clip.Clip, event: Clip.Event, patch: Clip.Patch = {}) =>
  Effect.flatMap(transitionClip(clip.id, event, patch, clip.version), (row) =>
    Option.match(row, { onNone: () => Effect.fail(new ClaimLost({ entity: "clip", id: clip.id })), onSome: Effect.succeed })
  )

/** @since 0.1.0 */
export const completeVideo = (video: SourceVideo.SourceVideo, event: SourceVideo.Event, patch: SourceVideo.Patch = {}) =>
  Effect.flatMap(transitionVideo(video.id, event, patch, video.version), (row) =>
    Option.match(row, { onNone: () => Effect.fail(new ClaimLost({ entity: "source video", id: video.id })), onSome: Effect.succeed })
  )

/** @since 0.1.0 */
export interface StageSpec<Row, A, E, R> {
  readonly stage: string
  readonly entity: "video" | "clip"
  readonly claim: Effect.Effect<Option.Option<Row>, unknown, Catalog | Pipeline>
  readonly work: (row: Row) => Effect.Effect<A, E, R>
  readonly fail: (row: Row, reason: string) => Effect.Effect<unknown, CatalogError, Catalog>
  readonly id: number
  readonly timeoutMs: number
}

/**
 * Runs one claimed stage: `None` when the claim was lost or the work failed (the failure is on
 * the row), `Some` with the work's result otherwise.
 *
 * @since 0.1.0
 */
export const runStage = <Row, A, E, R>(spec: StageSpec<Row, A, E, R>): Effect.Effect<Option.Option<A>, unknown, R | Catalog | Pipeline> =>
  Effect.gen(function* () {
    const claimed = yield* spec.claim
    if (Option.isNone(claimed)) {
      yield* Progress.report({ stage: spec.stage, entity: spec.entity, id: spec.id, status: "skipped" })
      return Option.none<A>()
    }
    yield* Progress.report({ stage: spec.stage, entity: spec.entity, id: spec.id, status: "started" })
    const result = yield* Lease.holding(spec.entity, claimed.value, spec.work(claimed.value)).pipe(
      Effect.timeoutFail({ duration: spec.timeoutMs, onTimeout: () => new StageTimeout({ stage: spec.stage, ms: spec.timeoutMs }) }),
      Effect.either
    )
    if (result._tag === "Right") {
      yield* Progress.report({ stage: spec.stage, entity: spec.entity, id: spec.id, status: "done" })
      return Option.some(result.right)
    }
    if (result.left instanceof ClaimLost) return Option.none<A>()
    if (result.left instanceof Lease.LeaseLost) {
      // Another worker resumed the row; its work is the one that counts. Nothing is written.
      yield* Effect.logWarning(result.left.message)
      return Option.none<A>()
    }
    const reason = describe(result.left)
    yield* spec.fail(claimed.value, reason)
    yield* Effect.logWarning(`${spec.stage} of ${spec.entity} ${spec.id} failed: ${reason}`)
    yield* Progress.report({ stage: spec.stage, entity: spec.entity, id: spec.id, status: "failed", message: reason })
    return Option.none<A>()
  }).pipe(Effect.withSpan(`heaters.stage.${spec.stage}`, { attributes: { [`heaters.${spec.entity}_id`]: spec.id } }))

/** A stage ran past its timeout. @since 0.1.0 */
export class StageTimeout extends Data.TaggedError("StageTimeout")<{ readonly stage: string; readonly ms: number }> {
  override get message() {
    return `${this.stage} timed out after ${Math.round(this.ms / 1000)} s`
  }
}

/** What a stage needs of a row: its id, version and retry counter. @since 0.1.0 */
interface StageRow<Id> {
  readonly id: Id
  readonly version: number
  readonly retryCount: number
}

/**
 * A stage over one entity's state machine: claim with `start` at the job's version, and on
 * failure record the reason with `fail` at the claimed version.
 */
const stageOn =
  <Id extends number, Row extends StageRow<Id>, Event extends string>(
    entity: "clip" | "video",
    transition: (
      id: Id,
      event: Event,
      patch: {
        readonly lastError: string | null
        readonly retryCount?: number
        readonly leaseOwner?: string | null
        readonly leaseExpiresAt?: Date | null
      },
      version?: number
    ) => Effect.Effect<Option.Option<Row>, CatalogError, Catalog>
  ) =>
  <A, E, R>(options: {
    readonly stage: string
    readonly id: Id
    readonly version: number | undefined
    readonly start: Event
    readonly fail: Event
    readonly timeoutMs: number
    readonly work: (row: Row) => Effect.Effect<A, E, R>
  }) =>
    runStage({
      stage: options.stage,
      entity,
      id: options.id,
      timeoutMs: options.timeoutMs,
      claim: Effect.flatMap(Lease.claimPatch, (lease) => transition(options.id, options.start, { lastError: null, ...lease }, options.version)),
      work: options.work,
      fail: (row: Row, reason) => transition(row.id, options.fail, { lastError: reason, retryCount: row.retryCount + 1 }, row.version)
    })

/** Runs a clip stage (see `runStage`). @since 0.1.0 */
export const runClipStage = stageOn<ClipId, Clip.Clip, Clip.Event>("clip", transitionClip)

/** Runs a video stage (see `runStage`). @since 0.1.0 */
export const runVideoStage = stageOn<SourceVideoId, SourceVideo.SourceVideo, SourceVideo.Event>("video", transitionVideo)
