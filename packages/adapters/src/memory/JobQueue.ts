/**
 * The JobQueue port in memory: ids unique for ever, each delivery exclusive to one taker, failed
 * deliveries re-queued until `maxAttempts`.
 *
 * @since 0.1.0
 */
import { JobQueue } from "@heaters/core"
import { Effect, Layer, Queue } from "effect"

/** Settings of the in-memory JobQueue. @since 0.1.0 */
export interface Options {
  /** Deliveries before a job is dropped as dead (default 5). */
  readonly maxAttempts?: number
}

interface Entry {
  readonly queue: JobQueue.QueueName
  readonly job: JobQueue.Job
  attempts: number
  status: "waiting" | "running" | "done" | "dead"
}

/** Builds an in-memory JobQueue with one unbounded queue per queue name. @since 0.1.0 */
export const make = (options: Options = {}) =>
  Effect.gen(function* () {
    const maxAttempts = options.maxAttempts ?? 5
    const entries = new Map<string, Entry>()
    const ready = new Map<JobQueue.QueueName, Queue.Queue<string>>()
    for (const name of JobQueue.QueueName.literals) ready.set(name, yield* Queue.unbounded<string>())
    const queueOf = (name: JobQueue.QueueName) => ready.get(name)!

    return JobQueue.JobQueue.of({
      offer: (queue, job) =>
        Effect.suspend(() => {
          const id = JobQueue.idOf(job)
          if (entries.has(id)) return Effect.succeed(false)
          entries.set(id, { queue, job, attempts: 0, status: "waiting" })
          return Effect.as(Queue.offer(queueOf(queue), id), true)
        }),
      take: (queue, handle) =>
        Effect.flatMap(Queue.take(queueOf(queue)), (id) => {
          const entry = entries.get(id)!
          entry.status = "running"
          return handle(entry.job, { id, attempts: entry.attempts }).pipe(
            Effect.onExit((exit) =>
              Effect.suspend(() => {
                if (exit._tag === "Success") {
                  entry.status = "done"
                  return Effect.void
                }
                entry.attempts++
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
