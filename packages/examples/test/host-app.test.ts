import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { program } from "../src/host-app.js"

describe("the README's host application", () => {
  it.effect("ingests, reviews, embeds and finds the clip cut from the same look", () =>
    Effect.map(program, ({ similar, status }) => {
      expect(status.videos).toEqual({ spliced: 1 })
      expect(status.clips).toEqual({ embedded: 3 })
      // Clips 1 and 3 show the same look: the nearest neighbour of the first is the third.
      expect(similar.map((m) => m.similarityPct)).toEqual([100, 94])
    }))
})
