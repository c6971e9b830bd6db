/**
 * The JobQueue port in memory: ids unique while waiting, running or done, each delivery exclusive
 * to one taker, failed deliveries re-queued until `maxAttempts`, a dropped job offered again
 * starting over.
 *
 * @since 0.1.0
 */
import { JobQueue } from "@heaters/core"
import { Clock, Duration, Effect, Layer, Queue } from "effect"

/** Settings of the in-memory JobQueue. @since 0.1.0 */
export interface Options {
  /** Deliveries before a job is dropped as dead (default 5). */
  readonly maxAttempts?: number
  /** How long after its last failure a dropped job may be offered again (default 30 s). */
  readonly reviveAfter?: Duration.DurationInput
}

interface Entry {
  readonly queue: JobQueue.QueueName
  readonly job: JobQueue.Job
  attempts: number
  status: "waiting" | "running" | "done" | "dead"
  failedAt: number
}

/** Builds an in-memory JobQueue with one unbounded queue per queue name. @since 0.1.0 */
export const make = (options: Options = {}) =>
  Effect.gen(function* () {
    const maxAttempts = options.maxAttempts ?? 5
    const reviveAfter = Duration.toMillis(options.reviveAfter ?? Duration.seconds(30))
    const entries = new Map<string, Entry>()
    const ready = new Map<JobQueue.QueueName, Queue.Queue<string>>()
    for (const name of JobQueue.QueueName.literals) ready.set(name, yield* Queue.unbounded<string>())
    const queueOf = (name: JobQueue.QueueName) => ready.get(name)!

    return JobQueue.JobQueue.of({
      offer: (queue, job) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => {
          const id = JobQueue.idOf(job)
          const known = entries.get(id)
          if (known !== undefined && (known.status !== "dead" || now - known.failedAt < reviveAfter)) return Effect.succeed(false)
          entries.set(id, { queue, job, attempts: 0, status: "waiting", failedAt: 0 })
          return Effect.as(Queue.offer(queueOf(queue), id), true)
        }),
      take: (queue, handle) =>
        Effect.flatMap(Queue.take(queueOf(queue)), (id) => {
          const entry = entries.get(id)!
          entry.status = "running"
          return handle(entry.job, { id, attempts: entry.attempts }).pipe(
            Effect.onExit((exit) =>
              Effect.flatMap(Clock.currentTimeMillis, (now) => {
                if (exit._tag === "Success") {
                  entry.status = "done"
                  return Effect.void
                }
                entry.attempts++
                entry.failedAt = now
                if (entry.attempts >= maxAttempts) {
                  entry.status = "dead"
                  return Effect.void
                }
                entry.status = "waiting"
                return Queue.offer(queueOf(queue), id)
              })
            )
          )
        }),
      size: (queue) =>
        Effect.sync(() => {
          let n = 0
          for (const e of entries.values()) if ((e.status === "waiting" || e.status === "running") && e.queue === queue) n++
          return n
        })
    })
  })

/** The in-memory JobQueue as a layer. @since 0.1.0 */
export const layer = (options: Options = {}) => Layer.effect(JobQueue.JobQueue, make(options))
