import { Clip, Heaters, Review, ReviewEvent } from "@heaters/core"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, FastCheck as fc, TestClock, TestContext } from "effect"
import { ingest, layer, scenes } from "./support.js"

/** States a clip may have reached after the review state its events fold to. */
const lineage: Record<string, ReadonlyArray<Clip.State>> = {
  pending_review: ["pending_review"],
  review_skipped: ["review_skipped"],
  review_approved: ["review_approved", "keyframing", "keyframed", "keyframe_failed", "embedding", "embedded", "embedding_failed"],
  review_archived: ["review_archived", "archived", "archive_failed"],
  merging: ["merging", "merged", "merge_failed"],
  splitting: ["splitting", "split", "split_failed"]
}

const Step = fc.record({
  clip: fc.nat({ max: 20 }),
  action: fc.constantFrom("approve", "skip", "archive", "merge", "group", "split", "undo", "undo"),
  frame: fc.integer({ min: 0, max: 130 }),
  target: fc.option(fc.nat({ max: 20 }), { nil: undefined }),
  wait: fc.constantFrom(0, 0, 10, 45, 61, 200)
})

/** What the random runs reached, so the property is known to exercise commits and undo. */
const seen = new Map<string, number>()

const scenario = (steps: ReadonlyArray<typeof Step extends fc.Arbitrary<infer A> ? A : never>) =>
  Effect.gen(function* () {
    const heaters = yield* Heaters.Heaters
    const { video } = yield* ingest("/in/p.mp4", scenes([2, 3, 2, 4, 3]))
    for (const step of steps) {
      const clips = (yield* heaters.clips(video.id)).filter((c) => c.state !== "merged" && c.state !== "split")
      const clip = clips[step.clip % clips.length]!
      const target = step.target === undefined ? undefined : clips[step.target % clips.length]!.id
      const action: Review.Action =
        step.action === "split"
          ? { action: "split" as const, frame: step.frame }
          : step.action === "merge" || step.action === "group"
            ? { action: step.action, targetClipId: target }
            : { action: step.action as "approve" | "skip" | "archive" | "undo" }
      yield* Effect.either(heaters.review.act(clip.id, action))
      if (step.wait > 0) yield* TestClock.adjust(Duration.seconds(step.wait))
      yield* heaters.drain
      yield* invariants(heaters, video.id, 14 * 30)
    }
  })

const invariants = (heaters: Heaters.Heaters, videoId: Parameters<Heaters.Heaters["clips"]>[0], frameCount: number) =>
  Effect.gen(function* () {
    const all = yield* heaters.clips(videoId)
    for (const clip of all) seen.set(clip.state, (seen.get(clip.state) ?? 0) + 1)
    for (const clip of all) {
      const folded = ReviewEvent.fold(yield* heaters.review.history(clip.id))
      const stored = ReviewEvent.project(clip)
      expect(stored.reviewed, `clip ${clip.id} reviewed`).toBe(folded.reviewed)
      expect(stored.groupedWithClipId, `clip ${clip.id} group`).toBe(folded.groupedWithClipId)
      const allowed = folded.reviewed ? lineage[folded.state]! : ["spliced", "generating_sprite", "sprite_failed", "pending_review"]
      expect(allowed, `clip ${clip.id}: stored ${clip.state}, folded ${folded.state}`).toContain(clip.state)
    }
    // Live clips tile the video exactly: no overlap, no gap.
    const live = all.filter((c) => c.state !== "merged" && c.state !== "split").sort((a, b) => a.startFrame - b.startFrame)
    expect(live[0]!.startFrame).toBe(0)
    live.forEach((c, i) => i > 0 && expect(c.startFrame, `clip ${c.id} starts where ${live[i - 1]!.id} ends`).toBe(live[i - 1]!.endFrame))
    expect(live[live.length - 1]!.endFrame).toBe(frameCount)
  })

describe("review properties", () => {
  it("stored clip state == fold(events) and clips never overlap, for random action sequences with undo and commit delays", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(Step, { minLength: 1, maxLength: 14 }), (steps) =>
        Effect.runPromise(scenario(steps).pipe(Effect.provide(layer()), Effect.provide(TestContext.TestContext)))
      ),
      { numRuns: 60 }
    )
    for (const state of ["merged", "split", "review_approved", "embedded", "archived", "review_skipped"]) {
      expect(seen.get(state) ?? 0, `runs that reached ${state}`).toBeGreaterThan(0)
    }
  }, 120_000)
})
