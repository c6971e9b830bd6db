/**
 * A fake Media port: everything is derived from a `SyntheticVideo` description stored in `Files`,
 * so every pipeline path runs in microseconds without ffmpeg. Its images are JSON payloads that
 * name the scene "look" they show, which the fake Embedder turns into vectors.
 *
 * @since 0.1.0
 */
import { Media } from "@heaters/core"
import type { KeyframePlan, SpritePlan } from "@heaters/core/pipeline"
import { Effect, Layer } from "effect"
import { Files, readVideo, type SyntheticVideo } from "./Files.js"

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))

const durationOf = (video: SyntheticVideo) => video.scenes.reduce((sum, s) => sum + s.seconds, 0)

/** The look of the scene showing at time `t`. */
const lookAt = (video: SyntheticVideo, t: number): number => {
  let end = 0
  for (const scene of video.scenes) {
    end += scene.seconds
    if (t < end) return scene.look
  }
  return video.scenes[video.scenes.length - 1]!.look
}

const infoOf = (video: SyntheticVideo): Media.MediaInfo => {
  const durationSeconds = durationOf(video)
  return {
    durationSeconds,
    fps: video.fps,
    frameCount: Math.round(durationSeconds * video.fps),
    width: video.width,
    height: video.height,
    videoCodec: "h264",
    audioCodec: video.audio ? "aac" : null,
    hasAudio: video.audio,
    rotation: 0,
    pixelAspect: 1,
    interlaced: false,
    hdr: null,
    pixelFormat: "yuv420p",
    formatName: "synthetic"
  }
}

/**
 * Builds the fake Media over `Files`: it reads `SyntheticVideo` files, reports each scene boundary
 * as a cut candidate, and fails the operations a video lists in `faults`.
 *
 * @since 0.1.0
 */
export const make = Effect.gen(function* () {
  const files = yield* Files

  const load = (
    path: string,
    operation: SyntheticVideo["faults"][number]
  ): Effect.Effect<SyntheticVideo, Media.MediaUnreadable | Media.MediaFailed> =>
    Effect.suspend((): Effect.Effect<SyntheticVideo, Media.MediaUnreadable | Media.MediaFailed> => {
      const bytes = files.read(path)
      if (bytes === undefined) return Effect.fail(new Media.MediaUnreadable({ path, reason: "No such file or directory" }))
      const video = readVideo(bytes)
      if (video === undefined) return Effect.fail(new Media.MediaUnreadable({ path, reason: "Invalid data found when processing input" }))
      if (video.faults.includes(operation)) {
        return operation === "probe"
          ? Effect.fail(new Media.MediaUnreadable({ path, reason: "synthetic probe fault" }))
          : Effect.fail(new Media.MediaFailed({ operation, command: `synthetic ${operation} ${path}`, exitCode: 1, stderr: `synthetic ${operation} fault` }))
      }
      return Effect.succeed(video)
    })

  const checkRange = (operation: string, video: SyntheticVideo, start: number, end: number) =>
    start < 0 || end <= start || end > durationOf(video) + 1e-6
      ? Effect.fail(new Media.InvalidMediaRequest({ operation, reason: `range ${start}…${end} s is outside the video (0…${durationOf(video)} s)` }))
      : Effect.void

  const tempCopy = (bytes: Uint8Array, suffix: string) =>
    Effect.acquireRelease(
      Effect.sync(() => {
        const path = files.temp(suffix)
        files.write(path, bytes)
        return path
      }),
      (path) => Effect.sync(() => files.remove(path))
    )

  const sheet = (video: SyntheticVideo, plan: SpritePlan.SpritePlan): Media.SpriteImage => ({
    bytes: json({ sheet: plan, looks: Array.from({ length: plan.frames }, (_, i) => lookAt(video, plan.start + i / plan.fps)) }),
    width: plan.cols * plan.tileWidth,
    height: plan.rows * plan.tileHeight,
    plan
  })

  /** A sheet from the synthetic pass; a video with the "sprite" fault fails every one. */
  const passSheet = (video: SyntheticVideo, plan: SpritePlan.SpritePlan): Effect.Effect<Media.SpriteImage, Media.MediaError> =>
    video.faults.includes("sprite")
      ? Effect.fail(new Media.MediaFailed({ operation: "sprite", command: "synthetic sheet", exitCode: 1, stderr: "synthetic sprite fault" }))
      : Effect.as(checkRange("sprite", video, plan.start, plan.end), sheet(video, plan))

  const keyframes = (video: SyntheticVideo, plan: KeyframePlan.KeyframePlan): ReadonlyArray<Media.KeyframeImage> =>
    plan.shots.map((shot) => ({
      tag: shot.tag,
      bytes: json({ look: lookAt(video, shot.time), time: shot.time }),
      time: shot.time,
      frameIndex: shot.frameIndex,
      width: video.width,
      height: video.height
    }))

  return Media.Media.of({
    probe: (path) => Effect.map(load(path, "probe"), infoOf),
    normalize: (path) =>
      Effect.gen(function* () {
        const video = yield* load(path, "normalize")
        const out = yield* tempCopy(files.read(path)!, ".mp4")
        return { path: out, info: infoOf(video), reencoded: false }
      }),
    analyze: (path) =>
      Effect.gen(function* () {
        const video = yield* load(path, "analyze")
        const info = infoOf(video)
        const candidates: Array<number> = []
        let t = 0
        for (const scene of video.scenes.slice(0, -1)) {
          t += scene.seconds
          candidates.push(Math.round(t * video.fps))
        }
        const scores = Array.from({ length: info.frameCount }, (_, n) => (candidates.includes(n) ? 0 : 1))
        return {
          info,
          detector: "synthetic",
          threshold: 0.5,
          candidates,
          scores,
          sheet: (plan: SpritePlan.SpritePlan) => passSheet(video, plan),
          sheets: (plans: ReadonlyArray<SpritePlan.SpritePlan>) => Effect.forEach(plans, (plan) => passSheet(video, plan))
        }
      }),
    renderSprite: (path, plan) =>
      Effect.flatMap(load(path, "sprite"), (video) => Effect.as(checkRange("sprite", video, plan.start, plan.end), sheet(video, plan))),
    extractKeyframes: (path, plan) =>
      Effect.flatMap(load(path, "keyframes"), (video) => Effect.as(checkRange("keyframes", video, plan.start, plan.end), keyframes(video, plan))),
    exportClip: (path, plan) =>
      Effect.gen(function* () {
        const video = yield* load(path, "export")
        yield* checkRange("export", video, plan.start, plan.end)
        return yield* tempCopy(json({ exportOf: path, start: plan.start, end: plan.end }), ".mp4")
      })
  })
})

/** The fake Media as a layer (needs `Files`). @since 0.1.0 */
export const layer = Layer.effect(Media.Media, make)
