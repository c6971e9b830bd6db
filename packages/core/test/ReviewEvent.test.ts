import { Ids, ReviewEvent } from "@heaters/core"
import { describe, expect, it } from "@effect/vitest"

const at = new Date("2026-01-01T00:00:00Z")
const row = (id: number, action: string, data: Record<string, unknown> = {}, processed = false): ReviewEvent.Row => ({
  id,
  clipId: 1,
  action,
  reviewerId: "admin",
  data,
  createdAt: at,
  processedAt: processed ? at : null,
  cancelledAt: null
})
const fold = (rows: Array<ReviewEvent.Row>) => ReviewEvent.fold(rows.map(ReviewEvent.fromRow))

describe("ReviewEvent", () => {
  it("round-trips a stored row into its tagged class, payload included", () => {
    const event = ReviewEvent.fromRow(row(3, "selected_split", { splitAtFrame: 12, absoluteFrame: 71, cutTime: 2.367 }))
    expect(event._tag).toBe("selected_split")
    expect(event).toBeInstanceOf(ReviewEvent.Split)
    expect(ReviewEvent.dataOf(event)).toEqual({ splitAtFrame: 12, absoluteFrame: 71, cutTime: 2.367 })
  })

  it("refuses a corrupt row", () => {
    expect(() => ReviewEvent.fromRow(row(1, "selected_merge_source", {}))).toThrow()
    expect(() => ReviewEvent.fromRow(row(1, "selected_dance"))).toThrow()
  })

  it("folds verdicts, deferred actions, commits and undo", () => {
    expect(fold([])).toEqual(ReviewEvent.initial)
    expect(fold([row(1, "selected_approve")])).toEqual({ state: "review_approved", reviewed: true, groupedWithClipId: null })
    expect(fold([row(1, "selected_skip")]).state).toBe("review_skipped")
    expect(fold([row(1, "selected_merge_source", { mergeTargetClipId: 2 })])).toEqual({ state: "pending_review", reviewed: true, groupedWithClipId: null })
    expect(fold([row(1, "selected_merge_source", { mergeTargetClipId: 2 }, true)]).state).toBe("merging")
    expect(fold([row(1, "selected_split", { splitAtFrame: 5, absoluteFrame: 5, cutTime: 0.2 }, true)]).state).toBe("splitting")
    expect(fold([row(1, "selected_group_source", { groupWithClipId: 9 })])).toEqual({
      state: "review_approved",
      reviewed: true,
      groupedWithClipId: Ids.unsafe.clip(9)
    })
    expect(fold([row(1, "selected_archive"), row(2, "selected_undo", { undoesEventIds: [1] })])).toEqual(ReviewEvent.initial)
  })

  it("replays in id order whatever order the rows come in", () => {
    const rows = [row(5, "selected_approve"), row(2, "selected_archive"), row(4, "selected_undo", { undoesEventIds: [2] })]
    expect(fold(rows).state).toBe("review_approved")
  })
})
