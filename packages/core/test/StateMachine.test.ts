import { Clip, SourceVideo } from "@heaters/core"
import { StateMachine } from "@heaters/core/pipeline"
import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck as fc } from "effect"

const machines = [
  ["source video", SourceVideo.machine],
  ["clip", Clip.machine]
] as const

describe.each(machines)("%s state machine", (_, machine: StateMachine.StateMachine<string, string>) => {
  const allowed = machine.rules.flatMap((rule) => rule.from.map((from) => [from, rule.event, rule.to] as const))

  it.each(allowed)("%s --%s--> %s", (from, event, to) => {
    expect(StateMachine.transition(machine, from, event)).toEqual(Either.right(to))
  })

  it("rejects every pair not in the table with InvalidTransition naming entity, from and event", () => {
    let rejected = 0
    for (const from of machine.states) {
      for (const event of machine.events) {
        if (allowed.some(([f, e]) => f === from && e === event)) continue
        const result = StateMachine.transition(machine, from, event, 7)
        expect(Either.isLeft(result)).toBe(true)
        const error = Either.getLeft(result).pipe((o) => (o._tag === "Some" ? o.value : undefined))!
        expect(error).toMatchObject({ _tag: "InvalidTransition", entity: machine.entity, from, event, id: 7 })
        expect(error.message).toContain(`"${event}" is not allowed in state "${from}"`)
        rejected++
      }
    }
    expect(rejected).toBeGreaterThan(0)
  })

  it("random event sequences never leave the table; a rejected event leaves the state unchanged", () => {
    fc.assert(
      fc.property(fc.constantFrom(...machine.states), fc.array(fc.constantFrom(...machine.events), { maxLength: 40 }), (start, events) => {
        let state = start
        for (const event of events) {
          const next = StateMachine.transition(machine, state, event)
          if (Either.isRight(next)) {
            expect(machine.states).toContain(next.right)
            expect(machine.rules.some((r) => r.event === event && r.from.includes(state) && r.to === next.right)).toBe(true)
            state = next.right
          } else {
            expect(next.left.from).toBe(state)
          }
        }
      })
    )
  })

  it("sourcesOf and targetOf agree with transition", () => {
    for (const event of machine.events) {
      for (const from of StateMachine.sourcesOf(machine, event)) {
        expect(StateMachine.transition(machine, from, event)).toEqual(Either.right(StateMachine.targetOf(machine, event)))
      }
    }
  })
})

describe("the rules of docs/state-machines.md#clip", () => {
  const t = (from: Clip.State, event: Clip.Event) => StateMachine.transition(Clip.machine, from, event)
  it("skip is a state of its own, re-openable by undo", () => {
    expect(t("pending_review", "skip")).toEqual(Either.right("review_skipped"))
    expect(t("review_skipped", "undo")).toEqual(Either.right("pending_review"))
  })
  it("keyframing starts from review_approved (the original's stall) and embedding from keyframed", () => {
    expect(t("review_approved", "start_keyframe")).toEqual(Either.right("keyframing"))
    expect(t("keyframed", "start_embedding")).toEqual(Either.right("embedding"))
  })
  it("committed merges and splits cannot be undone", () => {
    for (const state of ["merging", "merged", "splitting", "split", "keyframing", "archived"] as const) {
      expect(Either.isLeft(t(state, "undo"))).toBe(true)
    }
  })
  it("a splice may resume a crashed splicing run but never re-run a spliced video", () => {
    expect(StateMachine.transition(SourceVideo.machine, "splicing", "start_splicing")).toEqual(Either.right("splicing"))
    expect(Either.isLeft(StateMachine.transition(SourceVideo.machine, "spliced", "start_splicing"))).toBe(true)
  })
})
