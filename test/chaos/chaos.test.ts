/**
 * The small crash-and-resume run inside `npm test` (the full one is `npm run chaos`): a pipeline
 * worker and a reviewer process on the embedded default, killed 8 times at random moments and at
 * armed points, must lose, duplicate and leak nothing, and every row a killed worker held must be
 * resumed within 60 s.
 */
import { describe, expect, it } from "vitest"
import { runChaos } from "../support/chaos.js"

describe("crash and resume (small run)", () => {
  it("8 kills on the embedded default: nothing lost, duplicated or leaked; stranded rows resume within 60 s", async () => {
    const report = await runChaos({ backend: "embedded", videos: 2, kills: 8, budgetMs: 300_000 })
    expect(report.violations).toEqual([])
    expect(report.kills).toBeGreaterThanOrEqual(8)
    expect(report.recovered).toBe(report.stranded)
    expect(report.recoverMs.max).toBeLessThanOrEqual(60_000)
    expect(report.videoStates.spliced).toBeGreaterThanOrEqual(2)
  }, 600_000)
})
