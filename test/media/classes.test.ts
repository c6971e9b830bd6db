/**
 * Classes of shot change that real material has and the ideal test patterns lack — a jump cut
 * (the same set-up reframed a little), a dip to a colour, a cut into a black title card, a long
 * dissolve — each on a clean 320×180 encode and on a starved one (≈ 50 kb/s at 640×360, blocky);
 * and what must not cost a cut: a strobe of three flashes in a second, text typed onto a card.
 */
import { describe, expect, it } from "@effect/vitest"
import { FfmpegMedia } from "@heaters/adapters/ffmpeg"
import { Cuts } from "@heaters/core/pipeline"
import { Effect } from "effect"
import { realWorld } from "../support/realworld.js"
import type { VideoSpec } from "../support/videos.js"
import { generate, photos } from "../support/videos.js"

const clean = { width: 320, height: 180, fps: 30 }

/** The suppressed cuts of `spec`'s video, clean or squeezed to ≈ 50 kb/s at 640×360. */
const cutsOf = (spec: VideoSpec, starved: boolean) =>
  Effect.scoped(Effect.gen(function*() {
    const media = yield* FfmpegMedia.make()
    const video = yield* generate(starved ? { ...spec, width: 640, height: 360 } : spec)
    const path = starved ? (yield* Effect.promise(() => realWorld("lowbitrate", { ...spec, width: 640, height: 360 }))).path : video.path
    const a = yield* media.analyze(path, { detection: { detector: "default" }, sprite: null })
    return { video, cuts: Cuts.suppress(a.candidates, a.info, 1) }
  }))

/** One cut per transition, inside its window (within one frame of a hard cut), and nothing else. */
const findsEachOnce = (spec: VideoSpec, starved: boolean) =>
  Effect.gen(function*() {
    const { video, cuts } = yield* cutsOf(spec, starved)
    expect(cuts, `cuts ${cuts} for ${video.transitions.map((t) => `${t.kind} [${t.from}, ${t.to})`)}`).toHaveLength(video.transitions.length)
    video.transitions.forEach((t, i) => {
      expect(cuts[i]!).toBeGreaterThanOrEqual(t.from - 1)
      expect(cuts[i]!).toBeLessThanOrEqual(t.to)
    })
  })

const jumpCut: VideoSpec = { ...clean, shots: [{ source: `image:${photos.garden}`, seconds: 3 }, { source: `image:${photos.garden}`, seconds: 3, reframe: { x: 0.03, y: 0.02, zoom: 1.08 } }] }
const subtleJumpCut: VideoSpec = { ...clean, shots: [{ source: `image:${photos.storm}`, seconds: 3 }, { source: `image:${photos.storm}`, seconds: 3, reframe: { x: 0.015, y: 0, zoom: 1.04 } }] }
const dipToRed: VideoSpec = {
  ...clean,
  shots: [{ source: `image:${photos.meadow}`, seconds: 3, camera: "pan" }, { source: `image:${photos.storm}`, seconds: 3, camera: "pan", transition: "fade", fadeColor: "0xcc2222" }]
}
const titleCard: VideoSpec = { ...clean, shots: [{ source: `image:${photos.garden}`, seconds: 3, camera: "pan" }, { source: "color:black", seconds: 2, text: "CHAPTER ONE" }, { source: `image:${photos.dune}`, seconds: 3 }] }
const longDissolve: VideoSpec = { ...clean, shots: [{ source: `image:${photos.storm}`, seconds: 5 }, { source: `image:${photos.meadow}`, seconds: 5, transition: "dissolve", transitionSeconds: 3 }] }
const strobe: VideoSpec = { ...clean, flashes: [{ atSeconds: 1, frames: 2 }, { atSeconds: 1.33, frames: 2 }, { atSeconds: 1.66, frames: 2 }], shots: [{ source: `image:${photos.garden}`, seconds: 4 }] }
const typing: VideoSpec = { ...clean, shots: [{ source: "color:0x202020", seconds: 4, typing: "HELLO WORLD" }] }
const typingOnPhoto: VideoSpec = { ...clean, shots: [{ source: `image:${photos.dune}`, seconds: 4, typing: "HELLO WORLD" }] }

describe("shot changes of real material", () => {
  for (const starved of [false, true]) {
    const encode = starved ? "at 50 kb/s" : "clean"
    it.effect(`a jump cut (3 % shift, 8 % zoom) and a subtle one (1.5 %, 4 %), ${encode}`, () =>
      Effect.gen(function*() {
        yield* findsEachOnce(jumpCut, starved)
        yield* findsEachOnce(subtleJumpCut, starved)
      }), 120_000)
    it.effect(`a dip to red between panning shots, a cut into and out of a black title card, a 3 s dissolve, ${encode}`, () =>
      Effect.gen(function*() {
        yield* findsEachOnce(dipToRed, starved)
        const card = yield* cutsOf(titleCard, starved)
        expect(card.cuts, "on the frame, not late").toEqual(card.video.cuts)
        yield* findsEachOnce(longDissolve, starved)
      }), 120_000)
    it.effect(`no cut for a strobe of three flashes in a second or for text typed onto a card, ${encode}`, () =>
      Effect.gen(function*() {
        for (const spec of [strobe, typing, typingOnPhoto]) expect((yield* cutsOf(spec, starved)).cuts).toEqual([])
      }), 120_000)
  }
})
