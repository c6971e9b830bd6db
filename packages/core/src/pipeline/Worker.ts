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
  // Abandoned rows (a worker died holding them) must not wait for the next full tick.
  const leaseCheck = Duration.millis(Math.max(1, Math.floor(Duration.toMillis(config.lease) / 3)))
  yield* Effect.forkScoped(
    Effect.sleep(leaseCheck).pipe(
      Effect.zipRight(logged("lease check", Dispatcher.recover)),
      Effect.repeat(Schedule.spaced(leaseCheck))
    )
  )
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
