/** Bad input: every operation fails with a tagged error, and nothing is written or left running. */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { Media } from "@heaters/core"
import { ExportPlan, KeyframePlan, SpritePlan } from "@heaters/core/pipeline"
import { Effect, Exit, Fiber, Scope } from "effect"
import { badInputs, generate, presets } from "../support/videos.js"

const root = mkdtempSync(join(tmpdir(), "heaters-errors-test-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const children = () => {
  try {
    return execFileSync("ps", ["-o", "comm=", "--ppid", String(process.pid)], { encoding: "utf8" }).split("\n").filter((c) => c.startsWith("ff"))
  } catch {
    return []
  }
}
const tagOf = <A, E extends { _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.flip(effect), (e) => e._tag)

describe("bad input", () => {
  it.layer(FfmpegMedia.layer({ tempDir: root }))((it) => {
    const all = (path: string) =>
      Effect.gen(function*() {
        const media = yield* Media.Media
        const plan = SpritePlan.plan({ start: 0, end: 1, videoFps: 25, videoWidth: 160, videoHeight: 90 })
        return [
          yield* tagOf(media.probe(path)),
          yield* tagOf(Effect.scoped(media.normalize(path))),
          yield* tagOf(Effect.scoped(media.analyze(path, { detection: { detector: "default" }, sprite: { maxFps: 24, tileWidth: 160 } }))),
          yield* tagOf(media.renderSprite(path, plan)),
          yield* tagOf(media.extractKeyframes(path, KeyframePlan.plan({ start: 0, end: 1, fps: 25 }, "midpoint"))),
          yield* tagOf(Effect.scoped(media.exportClip(path, ExportPlan.plan({ startTime: 0, endTime: 1 }, 25))))
        ]
      })

    for (const [name, make] of Object.entries(badInputs)) {
      it.effect(`${name}: MediaUnreadable from every operation, nothing written`, () =>
        Effect.gen(function*() {
          const path = yield* Effect.promise(make)
          const media = yield* Media.Media
          const error = yield* Effect.flip(media.probe(path))
          expect(error._tag).toBe("MediaUnreadable")
          if (error._tag === "MediaUnreadable") expect(error.reason.length).toBeGreaterThan(3)
          expect(yield* all(path)).toEqual(Array(6).fill("MediaUnreadable"))
          expect(readdirSync(root)).toEqual([])
        }))
    }

    it.effect("a missing file is MediaUnreadable with ffprobe's message", () =>
      Effect.gen(function*() {
        const media = yield* Media.Media
        const error = yield* Effect.flip(media.probe("/nonexistent/video.mp4"))
        expect(error._tag).toBe("MediaUnreadable")
        expect(error.message).toMatch(/No such file/)
      }))

    it.effect("ranges outside the video and absurd plans are InvalidMediaRequest; nothing written", () =>
      Effect.gen(function*() {
        const media = yield* Media.Media
        const video = yield* generate(presets.hardCuts())
        const good = SpritePlan.plan({ start: 0, end: 2, videoFps: 25, videoWidth: 160, videoHeight: 90 })
        const cases = [
          media.renderSprite(video.path, { ...good, start: 10, end: 20 }),
          media.renderSprite(video.path, { ...good, start: -1 }),
          media.renderSprite(video.path, { ...good, end: 0 }),
          media.renderSprite(video.path, { ...good, cols: 1, rows: 1 }),
          media.renderSprite(video.path, { ...good, tileWidth: 0 }),
          media.renderSprite(video.path, { ...good, tileHeight: 100_000 }),
          media.extractKeyframes(video.path, KeyframePlan.plan({ start: 13, end: 30, fps: 25 }, "multi")),
          Effect.scoped(media.exportClip(video.path, ExportPlan.plan({ startTime: 5, endTime: 50 }, 25))),
          Effect.scoped(media.analyze(video.path, { detection: { detector: "nope" }, sprite: null })),
          Effect.scoped(media.analyze(video.path, { detection: { detector: "default" }, sprite: { maxFps: 0, tileWidth: 160 } }))
        ]
        for (const c of cases) expect(yield* tagOf(c as Effect.Effect<unknown, Media.MediaError>)).toBe("InvalidMediaRequest")
        expect(readdirSync(root)).toEqual([])
      }))

    it.effect("interrupting analyze kills ffmpeg and removes the tiles", () =>
      Effect.gen(function*() {
        const media = yield* Media.Media
        const video = yield* generate(presets.long(2, { width: 320, height: 180, fps: 25 }))
        const scope = yield* Scope.make()
        const fiber = yield* Effect.fork(Scope.extend(media.analyze(video.path, { detection: { detector: "default" }, sprite: { maxFps: 24, tileWidth: 160 } }), scope))
        yield* Effect.promise(() => new Promise((r) => setTimeout(r, 400))) // real time: it.effect runs on the TestClock
        expect(children().length).toBeGreaterThan(0)
        yield* Fiber.interrupt(fiber)
        yield* Scope.close(scope, Exit.void)
        expect(children()).toEqual([])
        expect(readdirSync(root)).toEqual([])
      }))
  })

  it.effect("a missing binary is BinaryNotFound with an install hint", () =>
    Effect.gen(function*() {
      const media = yield* Media.Media
      const error = yield* Effect.flip(media.probe("x.mp4"))
      expect(error._tag).toBe("BinaryNotFound")
      expect(error.message).toMatch(/apt-get install ffmpeg/)
    }).pipe(Effect.provide(FfmpegMedia.layer({ ffprobePath: "/nonexistent/ffprobe" }))))
})
