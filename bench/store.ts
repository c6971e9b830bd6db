/**
 * Store benchmark (issue #4): review-action latency (p50/p99) on SQLite and Postgres, and queue
 * throughput (enqueue → take → ack, jobs/s) per store, with 1 and 3 workers on Postgres.
 *
 * `npm run bench -- store [reviews] [jobs]` (once registered in bench/run.ts), or standalone:
 * `npx tsx --tsconfig test/support/tsconfig.json bench/store.ts [reviews] [jobs]`.
 * A review action = what the review page does per click: one transaction with a guarded clip update
 * (`pending_review`, not yet reviewed) and one appended event.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import * as Postgres from "@heaters/adapters/postgres"
import * as Sqlite from "@heaters/adapters/sqlite"
import type { Clip } from "@heaters/core"
import { Catalog, Ids, JobQueue } from "@heaters/core"
import type { Layer } from "effect"
import { Clock, Deferred, Effect, Fiber, Option } from "effect"
import { startCluster } from "../test/support/postgres.js"

const percentile = (sorted: ReadonlyArray<number>, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
const ms = (n: number) => n.toFixed(2)

const reviewLatency = (reviews: number) =>
  Effect.gen(function*() {
    const catalog = yield* Catalog.Catalog
    const video = yield* catalog.insertVideo({ title: "bench", sourceUri: `bench-${Date.now()}`, webScraped: false })
    const inserted = yield* catalog.insertClips(Array.from({ length: reviews }, (_, i): Clip.New => ({
      sourceVideoId: video.id, identifier: `bench_${video.id}_${i}`, startFrame: i * 30, endFrame: i * 30 + 30,
      startTime: i, endTime: i + 1, processingMetadata: { fps: 30 }
    })))
    const pending = yield* Effect.forEach(inserted, (c) =>
      catalog.updateClip(c.id, { states: ["spliced"] }, { state: "pending_review" }).pipe(Effect.map(Option.getOrThrow)))
    const times: Array<number> = []
    const cpu: Array<number> = []
    // The first 10% warm the JIT and the prepared-statement cache; they are not counted.
    const warmup = Math.floor(reviews / 10)
    for (const [i, clip] of pending.entries()) {
      const t0 = performance.now()
      const c0 = process.cpuUsage()
      yield* catalog.withTransaction(Effect.gen(function*() {
        const now = new Date(yield* Clock.currentTimeMillis)
        const moved = yield* catalog.updateClip(clip.id, { states: ["pending_review"], reviewed: false }, {
          state: i % 3 === 0 ? "review_archived" : "review_approved", reviewedAt: now
        })
        if (Option.isNone(moved)) return yield* Effect.die("conflict")
        yield* catalog.appendEvents([{ _tag: i % 3 === 0 ? "selected_archive" : "selected_approve", clipId: clip.id, reviewerId: "bench" }])
      }))
      if (i >= warmup) {
        times.push(performance.now() - t0)
        const c = process.cpuUsage(c0)
        cpu.push((c.user + c.system) / 1000)
      }
    }
    const sorted = times.sort((a, b) => a - b)
    const cpuSorted = cpu.sort((a, b) => a - b)
    return {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1]!,
      cpuP50: percentile(cpuSorted, 50),
      cpuP99: percentile(cpuSorted, 99)
    }
  })

/** Enqueue `jobs`, then drain them with `workers` independent queue instances (own worker ids). */
const queueThroughput = (jobs: number, workers: ReadonlyArray<Layer.Layer<JobQueue.JobQueue, unknown>>) =>
  Effect.gen(function*() {
    const [first] = workers
    const t0 = performance.now()
    yield* Effect.flatMap(JobQueue.JobQueue, (q) =>
      Effect.forEach(Array.from({ length: jobs }, (_, i) => i), (i) =>
        q.offer("media", new JobQueue.Sprite({ clipId: Ids.unsafe.clip(i + 1), version: 1 })), { discard: true })).pipe(
      Effect.provide(first!)
    )
    const t1 = performance.now()
    let done = 0
    const finished = yield* Deferred.make<void>()
    const drain = (layer: Layer.Layer<JobQueue.JobQueue, unknown>) =>
      Effect.flatMap(JobQueue.JobQueue, (q) =>
        Effect.forever(q.take("media", () => Effect.sync(() => ++done === jobs && Deferred.unsafeDone(finished, Effect.void))))).pipe(
        Effect.provide(layer)
      )
    const fibers = yield* Effect.forEach(workers, (layer) => Effect.fork(drain(layer)))
    yield* Deferred.await(finished)
    const t2 = performance.now()
    yield* Fiber.interruptAll(fibers)
    return { enqueuePerSec: jobs / ((t1 - t0) / 1000), drainPerSec: jobs / ((t2 - t1) / 1000), totalPerSec: jobs / ((t2 - t0) / 1000) }
  })

const queue = { pollInterval: "10 millis" } as const

export const main = async (args: ReadonlyArray<string>) => {
  const reviews = Number(args[0] ?? 2000)
  const jobs = Number(args[1] ?? 1000)
  const lines: Array<string> = []
  const log = (line: string) => {
    lines.push(line)
    process.stdout.write(line + "\n")
  }
  log(`# store benchmark — ${new Date().toISOString()} — ${os.cpus().length} CPU(s), Node ${process.version}`)
  log(`reviews=${reviews} jobs=${jobs}, load average at start ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`)
  log("")
  log("| store | review p50 ms | review p99 ms | review max ms | review CPU p50 / p99 ms | workers | enqueue jobs/s | take+ack jobs/s | end-to-end jobs/s |")
  log("|---|---|---|---|---|---|---|---|---|")

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "heaters-bench-"))
  const cluster = await startCluster()
  try {
    const sqliteLayer = (name: string) => Sqlite.layer({ filename: path.join(dir, `${name}.db`), queue })
    const r1 = await Effect.runPromise(Effect.scoped(Effect.provide(reviewLatency(reviews), sqliteLayer("reviews"))))
    const q1 = await Effect.runPromise(Effect.scoped(queueThroughput(jobs, [sqliteLayer("queue")])))
    log(`| SQLite (file, WAL, in process) | ${ms(r1.p50)} | ${ms(r1.p99)} | ${ms(r1.max)} | ${ms(r1.cpuP50)} / ${ms(r1.cpuP99)} | 1 | ${q1.enqueuePerSec.toFixed(0)} | ${q1.drainPerSec.toFixed(0)} | ${q1.totalPerSec.toFixed(0)} |`)

    const pgLayer = (url: string) => Postgres.layer({ url, queue })
    const r2 = await Effect.runPromise(Effect.scoped(Effect.provide(reviewLatency(reviews), pgLayer(await cluster.freshDatabase()))))
    const url1 = await cluster.freshDatabase()
    const q2 = await Effect.runPromise(Effect.scoped(queueThroughput(jobs, [pgLayer(url1)])))
    log(`| Postgres 15 (local, TCP) | ${ms(r2.p50)} | ${ms(r2.p99)} | ${ms(r2.max)} | ${ms(r2.cpuP50)} / ${ms(r2.cpuP99)} | 1 | ${q2.enqueuePerSec.toFixed(0)} | ${q2.drainPerSec.toFixed(0)} | ${q2.totalPerSec.toFixed(0)} |`)
    const url3 = await cluster.freshDatabase()
    const q3 = await Effect.runPromise(Effect.scoped(queueThroughput(jobs, [pgLayer(url3), pgLayer(url3), pgLayer(url3)])))
    log(`| Postgres 15 (local, TCP) | | | | | 3 | ${q3.enqueuePerSec.toFixed(0)} | ${q3.drainPerSec.toFixed(0)} | ${q3.totalPerSec.toFixed(0)} |`)
    log(`load average at end ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`)
  } finally {
    await cluster.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return lines
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).then(() => process.exit(0), (e) => {
    console.error(e)
    process.exit(1)
  })
}
