/**
 * The full pipeline with the real Media adapter (issue #3): a 30 s generated video, submitted by
 * local path, goes through ingest → splice (one decode pass) → sprites on the memory catalog and a
 * temp-dir BlobStore, and every clip reaches `pending_review` with a sprite whose metadata matches
 * the stored image. Phone files (a rotation matrix, a variable frame rate) come out upright and on
 * their true cuts.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "@effect/vitest"
import * as Ffmpeg from "@heaters/adapters/ffmpeg"
import * as Fs from "@heaters/adapters/fs"
import * as Memory from "@heaters/adapters/memory"
import * as YtDlp from "@heaters/adapters/ytdlp"
import { PipelineConfig, Heaters, Progress } from "@heaters/core"
import { Effect, Layer } from "effect"
import { lumaOf, psnr, realWorld } from "../support/realworld.js"
import { generate } from "../support/videos.js"

const work = mkdtempSync(join(tmpdir(), "heaters-media-pipeline-"))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const wiring = () => {
  const ports = Layer.mergeAll(
    Memory.layerStore(),
    Ffmpeg.layer({ tempDir: join(work, "tmp") }),
    Fs.layer({ root: join(work, "blobs") }),
    YtDlp.layer({ tempDir: join(work, "downloads"), allowPrivateAddresses: true }),
    PipelineConfig.layer({ commitDelay: 60_000, spriteTileWidth: 160 }),
    Progress.layer
  )
  return Heaters.layer.pipe(Layer.provideMerge(ports))
}

describe("pipeline with real ffmpeg", () => {
  it.scopedLive("a 30 s video reaches pending_review with one sprite per clip", () =>
    Effect.gen(function*() {
      const source = yield* generate({
        width: 320,
        height: 180,
        audio: true,
        flashes: [{ atSeconds: 5, frames: 2 }],
        shots: [
          { source: "testsrc2", seconds: 8 },
          { source: "smptebars", seconds: 7 },
          { source: "testsrc2", seconds: 8, flip: "h" },
          { source: "rgbtestsrc", seconds: 7 }
        ]
      })
      const heaters = yield* Heaters.Heaters
      const submitted = yield* heaters.submit(source.path)
      yield* heaters.drain
      const video = yield* heaters.video(submitted.id)
      const clips = yield* heaters.clips(submitted.id)
      expect(video.state).toBe("spliced")
      expect(clips.map((c) => c.startFrame)).toEqual([0, ...source.cuts])
      expect(clips.at(-1)!.endFrame).toBe(source.frames)
      expect(clips.every((c) => c.state === "pending_review")).toBe(true)
      const queue = yield* heaters.review.next({ limit: 10 })
      expect(queue).toHaveLength(clips.length)
      for (const item of queue) {
        const meta = item.sprite!.meta
        expect(meta.tile_width).toBe(160)
        expect(meta.tile_height_calculated).toBe(90)
        const sheet = fileURLToPath(item.sprite!.url) // the fs BlobStore's URLs are file:// URLs of the stored objects
        expect(sheet.endsWith(meta.filename)).toBe(true)
        const probe = JSON.parse(execFileSync("ffprobe", ["-v", "error", "-show_entries", "stream=width,height", "-of", "json", sheet], { encoding: "utf8" }))
        expect([probe.streams[0].width, probe.streams[0].height]).toEqual([meta.cols * meta.tile_width, meta.rows * meta.tile_height_calculated])
      }
      // The shared pass's tiles and the master's temp copy are gone once the jobs finished.
      expect(readdirSync(join(work, "tmp"))).toEqual([])
    }).pipe(Effect.provide(wiring())), 120_000)

  it.scopedLive("phone files: a portrait video's sheets are upright and portrait; a variable frame rate's clips start at the true cuts", () =>
    Effect.gen(function*() {
      const heaters = yield* Heaters.Heaters
      for (const property of ["rotate90", "vfr"] as const) {
        const phone = yield* Effect.promise(() => realWorld(property))
        const submitted = yield* heaters.submit(phone.path)
        yield* heaters.drain
        const video = yield* heaters.video(submitted.id)
        expect([video.width, video.height]).toEqual([phone.width, phone.height])
        const clips = yield* heaters.clips(submitted.id)
        expect(clips.slice(1).map((c) => c.startTime)).toHaveLength(phone.cutTimes.length)
        clips.slice(1).forEach((c, i) => expect(Math.abs(c.startTime - phone.cutTimes[i]!)).toBeLessThanOrEqual(1 / phone.fps + 1e-3))
        expect(Math.abs(clips.at(-1)!.endTime - phone.endTime)).toBeLessThanOrEqual(1 / phone.fps + 1e-3)
        for (const clip of clips) {
          const { sprite } = yield* heaters.review.item(clip.id)
          const meta = sprite!.meta
          expect(meta.tile_height_calculated > meta.tile_width).toBe(phone.height > phone.width)
          const tile = yield* Effect.promise(() => lumaOf(fileURLToPath(sprite!.url), { crop: { x: 0, y: 0, w: meta.tile_width, h: meta.tile_height_calculated } }, 32, 32))
          const first = yield* Effect.promise(() => lumaOf(phone.base.path, { frame: phone.baseFrameAt(clip.startTime)! }, 32, 32))
          expect(psnr(tile, first), `first tile of the clip at ${clip.startTime} s`).toBeGreaterThanOrEqual(28)
        }
      }
    }).pipe(Effect.provide(wiring())), 120_000)
})
