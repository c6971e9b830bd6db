import { Heaters } from "@heaters/core"
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { ingest, layer, scenes } from "./support.js"

describe("pipeline on memory adapters", () => {
  it.effect("ingest → splice → sprites: every clip reaches pending_review with a sprite", () =>
    Effect.gen(function* () {
      const { video, clips } = yield* ingest("/videos/holiday trip.mp4", scenes([2, 3, 4]))
      expect(video.state).toBe("spliced")
      expect(video.title).toBe("holiday trip")
      expect(video.masterKey).toBe(`videos/${video.id}/source/holiday_trip.mp4`)
      expect(clips.map((c) => [c.startFrame, c.endFrame, c.state])).toEqual([
        [0, 60, "pending_review"],
        [60, 150, "pending_review"],
        [150, 270, "pending_review"]
      ])
      const heaters = yield* Heaters.Heaters
      const queue = yield* heaters.review.next({ limit: 10 })
      expect(queue).toHaveLength(3)
      expect(queue[0]!.sprite?.meta.tile_width).toBe(480)
      expect(queue[0]!.sprite?.meta.tile_height_calculated).toBe(270)
      expect(queue[0]!.sprite?.meta.total_sprite_frames).toBe(48)
    }).pipe(Effect.provide(layer())))

  it.effect("approve → (grace period) → keyframes → embedding → similar search", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const { clips } = yield* ingest("/v.mp4", scenes([2, 2, 2, 2]))
      for (const clip of clips) yield* heaters.review.act(clip.id, { action: "approve" })
      yield* heaters.drain
      expect((yield* heaters.clip(clips[0]!.id)).state).toBe("review_approved")
      yield* TestClock.adjust("61 seconds")
      yield* heaters.drain
      const states = yield* Effect.forEach(clips, (c) => Effect.map(heaters.clip(c.id), (x) => x.state))
      expect(states).toEqual(["embedded", "embedded", "embedded", "embedded"])
      const similar = yield* heaters.search.similar({
        clipId: clips[0]!.id,
        modelName: "openai/clip-vit-base-patch32",
        generationStrategy: "keyframe_best_avg",
        order: "nearest",
        page: 1,
        pageSize: 12
      })
      expect(similar.map((m) => m.clipId)).toEqual([clips[1]!.id, clips[2]!.id, clips[3]!.id])
    }).pipe(Effect.provide(layer())))
})
