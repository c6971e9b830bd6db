/**
 * One pipeline worker process for the many-machines check: Postgres catalog + queue, S3 (s3rver)
 * blobs, ffmpeg media, a fake embedder (nothing is embedded before review). It runs every queue and
 * the dispatcher until killed, and appends the id of every job it completed to `completedLog`.
 * Usage: TSX_TSCONFIG_PATH=test/support/tsconfig.json node --import tsx test/support/pipeline-worker.ts <pgUrl> <s3Endpoint> <bucket> <completedLog>
 */
import * as fs from "node:fs"
import * as Ffmpeg from "@heaters/adapters/ffmpeg"
import { MemoryEmbedder } from "@heaters/adapters/memory"
import * as Postgres from "@heaters/adapters/postgres"
import * as S3 from "@heaters/adapters/s3"
import { PipelineConfig, Heaters, JobQueue } from "@heaters/core"
import { Effect, Layer } from "effect"
import { s3ClientConfig } from "./s3rver.js"

/** Everything a worker or the submitting process needs, over one Postgres and one bucket. */
export const layers = (pgUrl: string, endpoint: string, bucket: string, completedLog?: string) => {
  const store = Postgres.layer({ url: pgUrl, queue: { pollInterval: "50 millis", lockExpiration: "30 seconds" } })
  // Records each job its handler completed: a job completed twice would show up twice.
  const logged = Layer.effect(
    JobQueue.JobQueue,
    Effect.map(JobQueue.JobQueue, (q) =>
      JobQueue.JobQueue.of({
        ...q,
        take: (name, handle) =>
          q.take(name, (job, delivery) =>
            Effect.tap(handle(job, delivery), () =>
              Effect.sync(() => completedLog && fs.appendFileSync(completedLog, `${delivery.id} ${process.pid}\n`))))
      }))
  )
  const services = Layer.mergeAll(
    logged,
    S3.layer({ bucket, client: s3ClientConfig(endpoint) }),
    Ffmpeg.layer({}),
    MemoryEmbedder.layer(),
    PipelineConfig.layer({ dispatchInterval: 300, spriteTileWidth: 160, queues: { download: 1, media: 1, ml: 1, light: 2 } })
  ).pipe(Layer.provideMerge(store))
  return Heaters.layer.pipe(Layer.provideMerge(services))
}

if (process.argv[1]?.endsWith("pipeline-worker.ts")) {
  const [pgUrl, endpoint, bucket, completedLog] = process.argv.slice(2)
  Effect.flatMap(Heaters.Heaters, (h) => Effect.zipRight(h.runWorkers, Effect.never)).pipe(
    Effect.scoped,
    Effect.provide(layers(pgUrl!, endpoint!, bucket!, completedLog)),
    Effect.runPromise
  ).catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
