/**
 * The Worker: takes jobs from each queue with its configured concurrency and runs them through the
 * stage table; plus the Dispatcher on its interval and, every third of `lease`, its check for rows
 * whose worker died (their lease ran out). A job that dies with an unexpected error is
 * released back to the queue (at-least-once); the worker itself keeps going.
 *
 * @since 0.1.0
 */
import { Cause, Duration, Effect, Schedule } from "effect"
import { Pipeline } from "../PipelineConfig.js"
import * as JobQueue from "../services/JobQueue.js"
import * as Dispatcher from "./Dispatcher.js"
import { runJob } from "./stages.js"

/** Takes and runs one job from `queue` (waits for one). @since 0.1.0 */
export const runOne = (queue: JobQueue.QueueName) =>
  Effect.flatMap(JobQueue.JobQueue, (jobs) =>
    jobs.take(queue, (job, delivery) =>
      runJob(job).pipe(
        Effect.annotateLogs({ job: delivery.id, attempt: delivery.attempts + 1 }),
        Effect.withSpan("heaters.job", { attributes: { "heaters.job_id": delivery.id, "heaters.job_kind": job._tag, "heaters.attempt": delivery.attempts + 1 } })
      ))
  )

const logged = <A, E, R>(what: string, self: Effect.Effect<A, E, R>) =>
  self.pipe(
    Effect.catchAllCause((cause) =>
      Cause.isInterruptedOnly(cause) ? Effect.interrupt : Effect.logError(`${what} failed`, Cause.pretty(cause))
    )
  )

/**
 * Starts every worker fiber and the dispatcher in the current scope; they stop when it closes.
 *
 * @since 0.1.0
 */
export const start = Effect.gen(function* () {
  const config = yield* Pipeline
  for (const queue of JobQueue.QueueName.literals) {
    for (let i = 0; i < config.queues[queue]; i++) {
      yield* Effect.forkScoped(Effect.forever(logged(`job on ${queue}`, runOne(queue))))
    }
  }
  yield* Effect.forkScoped(
    logged("dispatcher tick", Dispatcher.tick).pipe(Effect.repeat(Schedule.spaced(config.dispatchInterval)))
  )
  // Abandoned rows (a worker died holding them) must not wait for the next full tick, nor behind
  // the queues: checked at once (a gone owner's rows) and every third of a lease after.
  const leaseCheck = Duration.millis(Math.max(1, Math.floor(Duration.toMillis(config.lease) / 3)))
  yield* Effect.forkScoped(
    logged("lease check", resumeAbandoned).pipe(Effect.repeat(Schedule.spaced(leaseCheck)))
  )
})

/**
 * Resumes the abandoned in-progress rows in this fiber, one at a time, ahead of the queues: their
 * jobs are offered too (so another worker takes them if this one dies first), and whichever run
 * claims the row first does the work — the other finds its claim lost and ends quietly. A resumed
 * row was already started; queued behind every job offered since, it would wait for minutes on a
 * busy worker (docs/RELIABILITY.md, "Resuming ahead of the queue"). Returns how many it ran.
 *
 * @since 0.1.0
 */
export const resumeAbandoned = Effect.gen(function* () {
  const queue = yield* JobQueue.JobQueue
  const jobs = yield* Dispatcher.abandonedJobs
  for (const { job, queue: name } of jobs) {
    yield* queue.offer(name, job).pipe(Effect.catchAll((error) => Effect.logWarning(`offering ${JobQueue.idOf(job)} failed: ${error.message}`)))
  }
  for (const { job } of jobs) {
    yield* logged(`resuming ${JobQueue.idOf(job)}`, runJob(job).pipe(Effect.annotateLogs({ resumed: JobQueue.idOf(job) })))
  }
  return jobs.length
})

/**
 * Runs everything that can run now, in this fiber, until a dispatcher tick finds nothing new and
 * every queue is empty. For tests, scripts and the CLI (one process, no background workers).
 *
 * @since 0.1.0
 */
export const drain = Effect.gen(function* () {
  const jobs = yield* JobQueue.JobQueue
  let ran = 0
  for (;;) {
    const { committed, enqueued } = yield* Dispatcher.tick
    let progressed = committed + enqueued > 0
    for (const queue of JobQueue.QueueName.literals) {
      while ((yield* jobs.size(queue)) > 0) {
        yield* logged(`job on ${queue}`, runOne(queue))
        ran++
        progressed = true
      }
    }
    if (!progressed) return ran
  }
})
