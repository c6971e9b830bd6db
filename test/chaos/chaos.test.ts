/**
 * The small crash-and-resume runs inside `npm test` (the full ones are `npm run chaos`): a pipeline
 * worker and a reviewer process, killed at random moments and at armed points, must lose,
 * duplicate and leak nothing, and every row a killed worker held must be resumed within 60 s — on
 * the embedded default, and on Postgres + s3rver through a `pg_ctl restart` and an S3 outage.
 */
import { describe, expect, it } from "vitest"
import { runChaos } from "../support/chaos.js"

describe("crash and resume (small run)", () => {
  it("6 kills on the embedded default: nothing lost, duplicated or leaked; stranded rows resume within 60 s", async () => {
    const report = await runChaos({ backend: "embedded", videos: 2, kills: 6, budgetMs: 300_000 })
    expect(report.violations).toEqual([])
    expect(report.kills).toBeGreaterThanOrEqual(6)
    expect(report.recovered).toBe(report.stranded)
    expect(report.recoverMs.max).toBeLessThanOrEqual(60_000)
    expect(report.videoStates.spliced).toBeGreaterThanOrEqual(2)
  }, 600_000)

  it("3 kills on Postgres + s3rver, through a pg_ctl restart and a 5 s S3 outage: nothing lost; resumed within 60 s", async () => {
    // An 8 s lease: there is no same-host owner check on Postgres, so rows resume when it runs out.
    const report = await runChaos({ backend: "postgres", videos: 1, kills: 3, budgetMs: 150_000, restartDatabase: true, s3OutageMs: 5000, leaseMs: 8000, strandOnce: true })
    expect(report.violations).toEqual([])
    expect(report.kills).toBeGreaterThanOrEqual(3)
    expect(report.outages).toHaveLength(2)
    expect(report.stranded).toBeGreaterThanOrEqual(1)
    expect(report.recovered).toBe(report.stranded)
    expect(report.recoverMs.max).toBeLessThanOrEqual(60_000)
    expect(report.videoStates.spliced).toBeGreaterThanOrEqual(1)
  }, 600_000)
})
