/**
 * End to end (issue #5): an http URL submitted to the facade is downloaded by this adapter (from a
 * loopback server), normalised and spliced by the ffmpeg Media adapter, stored by the fs BlobStore,
 * and its video row reaches `spliced` with clips in the memory catalog.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Ffmpeg from "@heaters/adapters/ffmpeg"
import * as Fs from "@heaters/adapters/fs"
import * as Memory from "@heaters/adapters/memory"
import * as YtDlp from "@heaters/adapters/ytdlp"
import { PipelineConfig, Heaters, Progress } from "@heaters/core"
import { Effect, Layer, PubSub, Queue } from "effect"
import { execa } from "execa"
import { readFileSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll } from "vitest"
import type { TestServer } from "./fixtures.js"
import { entries, PAGE_TITLE, startServer } from "./fixtures.js"

let work: string
let server: TestServer

// Three very different shots (2 s each, hard cuts) with sound, so the splice has cuts to find.
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "heaters-fetch-e2e-"))
  const path = join(work, "shots.mp4")
  const shot = (source: string) => ["-f", "lavfi", "-i", `${source.includes("=") ? source : `${source}=`}size=320x180:rate=25:duration=2`]
  await execa("ffmpeg", [
    "-v", "error", "-y",
    ...shot("testsrc"), ...shot("smptebars"), ...shot("color=c=0x993311:"),
    "-f", "lavfi", "-i", "sine=frequency=440:duration=6",
    "-filter_complex", "[0:v][1:v][2:v]concat=n=3:v=1:a=0[v]",
    "-map", "[v]", "-map", "3:a", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path
  ])
  server = await startServer(readFileSync(path))
})
afterAll(async () => {
  await server?.close()
  await rm(work, { recursive: true, force: true })
})

const wiring = (pipeline: PipelineConfig.Input = {}) => {
  const ports = Layer.mergeAll(
    Memory.layerStore(),
    Ffmpeg.layer({ tempDir: work }),
    Fs.layer({ root: join(work, "blobs") }),
    YtDlp.layer({ tempDir: join(work, "downloads"), allowPrivateAddresses: true }),
    PipelineConfig.layer({ commitDelay: 60_000, ...pipeline }),
    Progress.layer
  )
  return Heaters.layer.pipe(Layer.provideMerge(ports))
}

describe("URL ingest end to end", () => {
  it.scopedLive("an http URL reaches spliced with clips in the memory catalog", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const events = yield* PubSub.subscribe(yield* Progress.Progress)
      const url = `${server.base}/clip.mp4`
      const submitted = yield* heaters.submit(url)
      expect(submitted.webScraped).toBe(true)
      yield* heaters.drain
      const video = yield* heaters.video(submitted.id)
      const clips = yield* heaters.clips(submitted.id)
      expect(video.state).toBe("spliced")
      expect(video.title).toBe("clip")
      expect(video.durationSeconds).toBeCloseTo(6, 0)
      expect(video.publishedDate).toBe("2023-11-14")
      expect(clips.length).toBeGreaterThanOrEqual(2)
      const downloads = (yield* Queue.takeAll(events)).pipe((c) => [...c].filter((e) => e.stage === "download" && e.id === submitted.id))
      expect(downloads.length).toBeGreaterThan(0)
      expect(downloads.at(-1)?.fraction).toBe(1)
      // The download's directory is gone once its job finished.
      expect(entries(join(work, "downloads"))).toEqual([])
      // The same URL again is refused (docs/pipeline.md#intake).
      const again = yield* Effect.flip(heaters.submit(url))
      expect(again._tag).toBe("DuplicateSource")
    }).pipe(Effect.provide(wiring())))

  it.scopedLive("a page URL goes through yt-dlp and keeps its title and date", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const submitted = yield* heaters.submit(`${server.base}/page.html`)
      yield* heaters.drain
      const video = yield* heaters.video(submitted.id)
      expect(video.state).toBe("spliced")
      expect(video.title).toContain(PAGE_TITLE)
      expect(video.publishedDate).toBe("2023-11-14")
      expect((yield* heaters.clips(submitted.id)).length).toBeGreaterThanOrEqual(2)
    }).pipe(Effect.provide(wiring())))

  it.scopedLive("a URL that 404s ends ingestion_failed with the fetch reason, retried up to maxRetries", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const submitted = yield* heaters.submit(`${server.base}/gone.mp4`)
      for (let i = 0; i < 5; i++) {
        yield* heaters.drain
        yield* heaters.tick
      }
      const video = yield* heaters.video(submitted.id)
      expect(video.state).toBe("ingestion_failed")
      expect(video.lastError).toContain("404")
      expect(video.lastError).toContain("probe")
      expect(video.retryCount).toBe(2)
      expect(server.hits.get("/gone.mp4")).toBe(2)
    }).pipe(Effect.provide(wiring({ maxRetries: 2, retryBase: 0 }))))
})
