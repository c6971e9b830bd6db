import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { program } from "../src/host-app.js"

describe("the README's host application", () => {
  it.effect("ingests, reviews and reports status on the memory adapters", () =>
    Effect.map(program, (status) => {
      expect(status.videos).toEqual({ spliced: 1 })
      expect(status.clips).toEqual({ review_approved: 2 })
    }))
})
