/**
 * The Dispatcher — the safety net under direct chaining (DOMAIN.md §7 Ours). Each tick commits
 * due review events, then, for every stage of the table, enqueues jobs in batches for rows that
 * are ready, failed with retries left and their back-off elapsed, or stuck in progress longer than
 * `staleAfterMs`. Job ids carry the row version, so repeated ticks never duplicate a job.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { Query } from "../services/Catalog.js"
import { Catalog } from "../services/Catalog.js"
import * as JobQueue from "../services/JobQueue.js"
import { Pipeline, type PipelineConfig } from "../PipelineConfig.js"
import { commitDue } from "./commit.js"
import { now } from "./rows.js"
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
}

/** The rows a stage should get a job for now. */
const due = <R extends Row, S extends string>(
  stage: Stage<R, S>,
  list: (q: Query<S> & { reviewedBefore?: Date }) => Effect.Effect<ReadonlyArray<R>, unknown>,
  config: PipelineConfig,
  at: Date
) =>
  Effect.gen(function* () {
    const limit = config.dispatchBatch
    const settled = stage.settles ? { reviewedBefore: new Date(at.getTime() - config.commitDelayMs) } : {}
    const ready = stage.ready.length > 0 ? yield* list({ states: stage.ready, limit, ...settled }) : []
    const failed = (yield* list({ states: stage.failed, retriesBelow: config.maxRetries, limit })).filter(
      (row) => row.updatedAt.getTime() + backoffMs(row.retryCount, config.retryBaseMs) <= at.getTime()
    )
    const stale =
      stage.running.length > 0 ? yield* list({ states: stage.running, updatedBefore: new Date(at.getTime() - config.staleAfterMs), limit }) : []
    return [...ready, ...failed, ...stale]
  })

/**
 * One dispatcher run.
 *
 * @since 0.1.0
 */
export const tick = Effect.gen(function* () {
  const config = yield* Pipeline
  const catalog = yield* Catalog
  const queue = yield* JobQueue.JobQueue
  const committed = yield* commitDue
  const at = yield* now
  let enqueued = 0
  const offerAll = <R extends Row, S extends string>(stage: Stage<R, S>, rows: ReadonlyArray<R>) =>
    Effect.forEach(rows, (row) => {
      const job = stage.job(row, config)
      return job === null ? Effect.void : Effect.map(queue.offer(stage.queue, job), (isNew) => void (enqueued += isNew ? 1 : 0))
    })
  for (const stage of videoStages) yield* offerAll(stage, yield* due(stage, catalog.listVideos, config, at))
  for (const stage of clipStages) yield* offerAll(stage, yield* due(stage, catalog.listClips, config, at))
  return { committed, enqueued } satisfies TickResult
})
