/**
 * Small builders shared by the conformance suites.
 */
import { Catalog, Clip, Ids } from "@heaters/core"
import { Effect, Option } from "effect"

let seq = 0
/** A unique suffix so suites also work on a shared database. */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`

export const video = (title = "a video") =>
  Effect.flatMap(Catalog.Catalog, (c) => c.insertVideo({ title, sourceUri: unique("file:///videos/v"), webScraped: false }))

/** `n` adjacent clips of a new video, 30 frames (1 s at 30 fps) each. */
export const clips = (n: number, videoId?: Ids.SourceVideoId) =>
  Effect.gen(function*() {
    const catalog = yield* Catalog.Catalog
    const vid = videoId ?? (yield* video()).id
    const tag = unique("c")
    return yield* catalog.insertClips(
      Array.from({ length: n }, (_, i): Clip.New => ({
        sourceVideoId: vid,
        identifier: `${vid}_clip_${String(i + 1).padStart(3, "0")}_${tag}`,
        startFrame: i * 30,
        endFrame: (i + 1) * 30,
        startTime: i,
        endTime: i + 1,
        processingMetadata: { scene_index: i + 1, fps: 30 }
      }))
    )
  })

/** Forces a clip into a state (the catalog does not check transitions; the core does). */
export const setState = (clip: Clip.Clip, state: Clip.State, patch: Clip.Patch = {}) =>
  Effect.flatMap(Catalog.Catalog, (c) =>
    c.updateClip(clip.id, { states: [clip.state] }, { ...patch, state }).pipe(Effect.map(Option.getOrThrow))
  )

export const clipId = Ids.unsafe.clip
