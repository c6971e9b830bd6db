/**
 * The Dispatcher — the safety net under direct chaining (docs/jobs.md). Each tick commits
 * due review events, then, for every stage of the table, enqueues jobs in batches for rows that
 * are ready, failed with retries left and their back-off elapsed, or in progress with nobody working
 * on them: a lease that ran out, a lease whose owner is known to be gone, or (rows without a lease)
 * no update for `staleAfter`. `recover` is that last part alone, which the Worker runs every
 * third of `lease` so a crashed worker's rows resume within about a lease (docs/RELIABILITY.md).
 * Job ids carry the row version, so repeated ticks never duplicate a job.
 *
 * @since 0.1.0
 */
import type { CatalogError } from "../domain/errors.js"
import { Duration, Effect } from "effect"
import type { Query } from "../services/Catalog.js"
import { Catalog } from "../services/Catalog.js"
import * as JobQueue from "../services/JobQueue.js"
import { Pipeline, type PipelineConfig } from "../PipelineConfig.js"
import { commitDue } from "./commit.js"
import * as Lease from "./Lease.js"
import { describe, now } from "./rows.js"
import { clipStages, type Stage, videoStages } from "./stages.js"

/**
 * Back-off before the next retry: min(2^retryCount × base, 30 min). A row whose counter was reset
 * by hand (`retryCount` 0) is retried at once.
 *
 * @since 0.1.0
 */
export const backoffMs = (retryCount: number, baseMs: number): number =>
  retryCount === 0 ? 0 : Math.min(2 ** retryCount * baseMs, 30 * 60_000)

/** What one tick did. @since 0.1.0 */
export interface TickResult {
  readonly committed: number
  readonly enqueued: number
}

interface Row {
  readonly id: number
  readonly retryCount: number
  readonly updatedAt: Date
  readonly leaseOwner: string | null
  readonly leaseExpiresAt: Date | null
}

type List<R, S extends string> = (q: Query<S> & { reviewedBefore?: Date }) => Effect.Effect<ReadonlyArray<R>, CatalogError>

/**
 * In-progress rows nobody is working on: lease run out, lease owner gone, or — without a lease —
 * untouched for `staleAfter`.
 */
const abandoned = <R extends Row, S extends string>(stage: Stage<R, S>, list: List<R, S>, config: PipelineConfig, at: Date) =>
  Effect.gen(function* () {
    if (stage.running.length === 0) return []
    const limit = config.dispatchBatch
    const expired = yield* list({ states: stage.running, leaseExpiredBy: at, limit })
    const unleased = yield* list({ states: stage.running, leased: false, updatedBefore: new Date(at.getTime() - Duration.toMillis(config.staleAfter)), limit })
    const holder = yield* Lease.Holder
    const orphaned: Array<R> = []
    if (holder.isGone !== undefined) {
      for (const row of yield* list({ states: stage.running, leased: true, limit })) {
        const live = row.leaseExpiresAt !== null && row.leaseExpiresAt.getTime() > at.getTime()
        if (live && row.leaseOwner !== holder.owner && (yield* holder.isGone(row.leaseOwner!))) orphaned.push(row)
      }
    }
    return [...expired, ...unleased, ...orphaned]
  })

/** The rows a stage should get a job for now. */
const due = <R extends Row, S extends string>(
  stage: Stage<R, S>,
  list: List<R, S>,
  config: PipelineConfig,
  at: Date
) =>
  Effect.gen(function* () {
    const limit = config.dispatchBatch
    const settled = stage.settles ? { reviewedBefore: new Date(at.getTime() - Duration.toMillis(config.commitDelay)) } : {}
    const ready = stage.ready.length > 0 ? yield* list({ states: stage.ready, limit, ...settled }) : []
    const failed = (yield* list({ states: stage.failed, retriesBelow: config.maxRetries, limit })).filter(
      (row) => row.updatedAt.getTime() + backoffMs(row.retryCount, Duration.toMillis(config.retryBase)) <= at.getTime()
    )
    return [...ready, ...failed, ...(yield* abandoned(stage, list, config, at))]
  })

/**
 * One dispatcher run.
 *
 * @since 0.1.0
 */
export const tick = Effect.gen(function* () {
  // One failing query must not cost the rest of the tick (a database hiccup skips one step only).
  const committed = yield* commitDue.pipe(
    Effect.catchAll((error) => Effect.as(Effect.logWarning(`committing review events failed: ${describe(error)}`), 0))
  )
  const enqueued = yield* enqueue(due)
  return { committed, enqueued } satisfies TickResult
})

/**
 * Only the abandoned in-progress rows (leases run out or held by a gone worker): the fast check
 * the Worker runs between ticks. Returns how many jobs it enqueued.
 *
 * @since 0.1.0
 */
export const recover = Effect.suspend(() => enqueue(abandoned))

/**
 * The jobs that would resume the abandoned in-progress rows, without offering them. The Worker
 * runs these itself, ahead of its queues: a resumed row was already started, and behind a deep
 * queue it would wait for minutes (docs/RELIABILITY.md, "Resuming ahead of the queue").
 *
 * @since 0.1.0
 */
export const abandonedJobs: Effect.Effect<ReadonlyArray<{ readonly queue: JobQueue.QueueName; readonly job: JobQueue.Job }>, never, Pipeline | Catalog> =
  Effect.gen(function* () {
    const config = yield* Pipeline
    const catalog = yield* Catalog
    const at = yield* now
    const jobs: Array<{ queue: JobQueue.QueueName; job: JobQueue.Job }> = []
    const collect = <R extends Row, S extends string>(stage: Stage<R, S>, list: List<R, S>) =>
      Effect.flatMap(abandoned(stage, list, config, at), (rows) =>
        Effect.sync(() => {
          for (const row of rows) {
            const job = stage.job(row, config)
            if (job !== null) jobs.push({ queue: stage.queue, job })
          }
        })).pipe(Effect.catchAll((error) => Effect.logWarning(`looking for abandoned ${stage.kind} rows failed: ${describe(error)}`)))
    for (const stage of videoStages) yield* collect(stage, catalog.listVideos)
    for (const stage of clipStages) yield* collect(stage, catalog.listClips)
    return jobs
  })

/** Offers the job of every row `select` picks, over both tables; returns how many were new. */
const enqueue = (
  select: <R extends Row, S extends string>(stage: Stage<R, S>, list: List<R, S>, config: PipelineConfig, at: Date) => Effect.Effect<ReadonlyArray<R>, CatalogError>
) =>
  Effect.gen(function* () {
    const config = yield* Pipeline
    const catalog = yield* Catalog
    const queue = yield* JobQueue.JobQueue
    const at = yield* now
    let enqueued = 0
    const offerAll = <R extends Row, S extends string>(stage: Stage<R, S>, rows: ReadonlyArray<R>) =>
      Effect.forEach(rows, (row) => {
        const job = stage.job(row, config)
        return job === null ? Effect.void : Effect.map(queue.offer(stage.queue, job), (isNew) => void (enqueued += isNew ? 1 : 0))
      })
    const guarded = (kind: string, step: Effect.Effect<unknown, unknown>) =>
      Effect.catchAll(step, (error) => Effect.logWarning(`dispatching ${kind} jobs failed: ${describe(error)}`))
    for (const stage of videoStages) yield* guarded(stage.kind, Effect.flatMap(select(stage, catalog.listVideos, config, at), (rows) => offerAll(stage, rows)))
    for (const stage of clipStages) yield* guarded(stage.kind, Effect.flatMap(select(stage, catalog.listClips, config, at), (rows) => offerAll(stage, rows)))
    return enqueued
  })
