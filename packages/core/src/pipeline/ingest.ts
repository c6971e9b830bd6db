/**
 * Ingest (docs/pipeline.md#ingest): acquire the source (download a URL, or read a local path),
 * normalise it into the master, store it under its deterministic key, record what the probe of the
 * *master* says, then chain the splice job.
 *
 * @since 0.1.0
 */
import { Effect, Option } from "effect"
import type { SourceVideoId } from "../domain/Ids.js"
import * as Keys from "../plans/keys.js"
import { BlobStore } from "../services/BlobStore.js"
import { Fetcher, FetchFailed } from "../services/Fetcher.js"
import * as JobQueue from "../services/JobQueue.js"
import { Media } from "../services/Media.js"
import { cleanTitle } from "./intake.js"
import * as Progress from "./Progress.js"
import { completeVideo, now, runVideoStage } from "./rows.js"

/** @since 0.1.0 */
export const timeoutMs = 20 * 60_000

/** `YYYYMMDD` or `YYYY-MM-DD` → `YYYY-MM-DD`; anything else → null. @since 0.1.0 */
export const isoDate = (value: string | null | undefined): string | null => {
  const m = value?.match(/^(\d{4})-?(\d{2})-?(\d{2})$/)
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null
}

const acquire = (sourceUri: string, webScraped: boolean, videoId: number) =>
  Effect.gen(function* () {
    if (!webScraped) return { path: sourceUri, title: null, publishedDate: null }
    const fetcher = yield* Effect.serviceOption(Fetcher)
    if (Option.isNone(fetcher)) {
      return yield* new FetchFailed({ url: sourceUri, strategy: "none", reason: "no Fetcher is configured for URL sources", detail: "" })
    }
    const onProgress = Progress.reporter("download", "video", videoId)
    return yield* fetcher.value.fetch(sourceUri, (p) => (p.fraction === null ? Effect.void : onProgress(p.fraction)))
  })

/**
 * Runs the ingest job for one video (claims `new`/failed/stale `downloading`).
 *
 * @since 0.1.0
 */
export const run = (videoId: SourceVideoId, version?: number) =>
  runVideoStage({
    stage: "ingest",
    id: videoId,
    version,
    start: "start_downloading",
    fail: "fail_downloading",
    timeoutMs,
    work: (video) =>
      Effect.scoped(
        Effect.gen(function* () {
          const media = yield* Media
          const blobs = yield* BlobStore
          const source = yield* acquire(video.sourceUri, video.webScraped, video.id)
          const master = yield* media.normalize(source.path, Progress.reporter("normalize", "video", video.id))
          const title = cleanTitle(source.title ?? "") || video.title
          const key = Keys.master(video.id, title)
          yield* blobs.putFile(key, master.path, "video/mp4")
          const done = yield* completeVideo(video, "complete_downloading", {
            title,
            publishedDate: isoDate(source.publishedDate) ?? video.publishedDate,
            masterKey: key,
            durationSeconds: master.info.durationSeconds,
            fps: master.info.fps,
            width: master.info.width,
            height: master.info.height,
            downloadedAt: yield* now
          })
          const queue = yield* JobQueue.JobQueue
          yield* queue.offer("media", new JobQueue.Splice({ videoId: done.id, version: done.version }))
          return done
        })
      )
  })
