/**
 * Races: two reviewers on one clip (100 rounds), a merge racing a split of the same clip, and two
 * submits of one source at once. Exactly one of each pair is applied; the other gets
 * `ReviewConflict` (HTTP 409) or `DuplicateSource` (409), and the event log holds exactly the applied
 * actions. Over HTTP against the demo server process (SQLite), and through the facade on the
 * memory adapters, on Postgres and on SQLite.
 */
import * as Memory from "@heaters/adapters/memory"
import * as Postgres from "@heaters/adapters/postgres"
import { Heaters, Ids, PipelineConfig } from "@heaters/core"
import type { Review } from "@heaters/core"
import { Effect, Either, Layer } from "effect"
import { rmSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { layer, place, scenes } from "../../packages/core/test/support.js"
import { startCluster } from "../support/postgres.js"
import { generateVideo } from "../support/videos.js"
import type { ServerProcess } from "./server.js"
import { startServerProcess } from "./server.js"
import type { Embedded } from "./support.js"
import { startEmbedded } from "./support.js"

const REVIEW_ROUNDS = 100
const MERGE_SPLIT_ROUNDS = 20
const SUBMIT_ROUNDS = 10

/** One surface under test: act on a clip, submit a source, read a clip's event count. */
interface Surface {
  readonly act: (clip: number, action: Review.Action) => Promise<{ ok: boolean; error?: string }>
  readonly submit: (source: string) => Promise<{ ok: boolean; error?: string }>
  readonly events?: (clip: number) => Promise<number>
  readonly videos: () => Promise<number>
}

/** Fires both at once; returns the outcomes sorted so a winner comes first. */
const race = async (first: () => Promise<{ ok: boolean; error?: string }>, second: () => Promise<{ ok: boolean; error?: string }>) => {
  const results = await Promise.all([first(), second()])
  return results.sort((x, y) => Number(y.ok) - Number(x.ok))
}

/** The three races on one surface; `a` and `b` are adjacent clips of one video, both pending review. */
const runRaces = async (s: Surface, a: number, b: number, splitFrame: number, sources: () => string) => {
  const outcomes = { reviews: 0, mergeSplit: 0, submits: 0, lost: [] as Array<string> }
  const eventsBefore = (await s.events?.(b)) ?? 0
  for (let i = 0; i < REVIEW_ROUNDS; i++) {
    const [won, lost] = await race(() => s.act(b, { action: "approve" }), () => s.act(b, { action: i % 2 === 0 ? "skip" : "archive" }))
    expect([won!.ok, lost!.ok], `round ${i}: ${lost!.error}`).toEqual([true, false])
    expect(lost!.error).toBe("ReviewConflict")
    const undone = await s.act(b, { action: "undo" })
    expect(undone.ok, undone.error).toBe(true)
    outcomes.reviews++
  }
  // Exactly the applied actions are in the log: one verdict and one undo per round.
  if (s.events) expect(await s.events(b)).toBe(eventsBefore + 2 * REVIEW_ROUNDS)

  for (let i = 0; i < MERGE_SPLIT_ROUNDS; i++) {
    const [won, lost] = await race(() => s.act(b, { action: "merge", targetClipId: Ids.unsafe.clip(a) }), () => s.act(b, { action: "split", frame: splitFrame }))
    expect([won!.ok, lost!.ok], `merge/split round ${i}: ${lost!.error}`).toEqual([true, false])
    expect(["ReviewConflict"]).toContain(lost!.error)
    const undone = await s.act(b, { action: "undo" })
    expect(undone.ok, undone.error).toBe(true)
    outcomes.mergeSplit++
  }
  // The winner's event on the clip (merge source or split) and its undo, per round.
  if (s.events) expect(await s.events(b)).toBe(eventsBefore + 2 * REVIEW_ROUNDS + 2 * MERGE_SPLIT_ROUNDS)

  for (let i = 0; i < SUBMIT_ROUNDS; i++) {
    const before = await s.videos()
    const source = sources()
    const [won, lost] = await race(() => s.submit(source), () => s.submit(source))
    expect([won!.ok, lost!.ok], `submit round ${i}: ${lost!.error}`).toEqual([true, false])
    expect(lost!.error).toBe("DuplicateSource")
    expect(await s.videos()).toBe(before + 1)
    outcomes.submits++
  }
  return outcomes
}

/** The facade as a surface. */
const facade = (h: Heaters.Heaters, run: <A, E>(e: Effect.Effect<A, E>) => Promise<A>): Surface => {
  const outcome = <A, E extends { _tag: string }>(e: Effect.Effect<A, E>) =>
    run(Effect.either(e)).then((r) => (Either.isRight(r) ? { ok: true } : { ok: false, error: r.left._tag }))
  return {
    act: (clip, action) => outcome(h.review.act(Ids.unsafe.clip(clip), action)),
    submit: (source) => outcome(h.submit(source)),
    events: (clip) => run(h.review.history(Ids.unsafe.clip(clip))).then((events) => events.length),
    videos: () => run(h.status).then((s) => Object.values(s.videos).reduce((x, y) => x + y, 0))
  }
}

/** A split frame every split rule accepts: the middle of the clip (1-based, clip-relative). */
const middle = async (clip: Promise<{ readonly startFrame: number; readonly endFrame: number }>) => {
  const c = await clip
  return Math.floor((c.endFrame - c.startFrame) / 2)
}

const threeShots = () =>
  generateVideo({ shots: [{ source: "testsrc2", seconds: 1.5 }, { source: "smptebars", seconds: 1.5 }, { source: "color:0x3366aa", seconds: 1.5 }] })

/** The races through the facade on the memory pipeline, with `layer`'s adapters in place of memory's. */
const racesOnSyntheticVideo = async (layer: Layer.Layer<any, any, never>) => {
  const { ManagedRuntime } = await import("effect")
  const runtime = ManagedRuntime.make(layer)
  try {
    const run = <A, E>(e: Effect.Effect<A, E, any>) => runtime.runPromise(e)
    const heaters = await run(Heaters.Heaters)
    await run(place("/in/v.mp4", scenes([2, 2, 2])))
    const v = await run(heaters.submit("/in/v.mp4"))
    await run(heaters.drain)
    const [a, b] = (await run(heaters.clips(v.id))).map((c) => c.id)
    let n = 0
    const sources = () => `/in/race-${++n}.mp4`
    const outcomes = await runRaces(facade(heaters, run), a!, b!, await middle(run(heaters.clip(b!))), sources)
    expect(outcomes).toMatchObject({ reviews: REVIEW_ROUNDS, mergeSplit: MERGE_SPLIT_ROUNDS, submits: SUBMIT_ROUNDS })
  } finally {
    await runtime.dispose()
  }
}

describe("races through the facade", () => {
  it("memory adapters", () => racesOnSyntheticVideo(layer()), 120_000)

  it("Postgres (memory media and blobs)", async () => {
    const cluster = await startCluster()
    try {
      const url = await cluster.freshDatabase()
      await racesOnSyntheticVideo(
        Heaters.layer.pipe(Layer.provideMerge(Layer.mergeAll(Memory.layer(), Postgres.layer({ url }), PipelineConfig.layer({ commitDelay: "60 seconds" }))))
      )
    } finally {
      await cluster.stop()
    }
  }, 240_000)

  it("SQLite (embedded)", async () => {
    const h = await startEmbedded()
    try {
      const v = await h.run(h.heaters.submit((await threeShots()).path))
      await h.run(h.heaters.drain)
      const [a, b] = (await h.run(h.heaters.clips(v.id))).map((c) => c.id)
      let n = 0
      const sources = () => join(h.dir, `race-${++n}.mp4`)
      const outcomes = await runRaces(facade(h.heaters, h.run), a!, b!, await middle(h.run(h.heaters.clip(b!))), sources)
      expect(outcomes).toMatchObject({ reviews: REVIEW_ROUNDS, mergeSplit: MERGE_SPLIT_ROUNDS, submits: SUBMIT_ROUNDS })
    } finally {
      await h.close()
    }
  }, 180_000)
})

describe("races over HTTP (two clients, the demo server process on SQLite)", () => {
  let h: Embedded
  let server: ServerProcess
  let a: number
  let b: number
  let splitFrame: number
  let path: string
  beforeAll(async () => {
    h = await startEmbedded()
    path = (await threeShots()).path
    const v = await h.run(h.heaters.submit(path))
    await h.run(h.heaters.drain)
    const ids = (await h.run(h.heaters.clips(v.id))).map((c) => c.id)
    a = ids[0]!
    b = ids[1]!
    splitFrame = await middle(h.run(h.heaters.clip(ids[1]!)))
    await h.dispose()
    server = await startServerProcess(h.dir)
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
    if (h) rmSync(h.dir, { recursive: true, force: true })
  })

  it("one wins, the other gets 409 with the conflict's tag", async () => {
    const outcome = (res: { status: number; body: any }) =>
      res.status < 300 ? { ok: true } : { ok: false, error: res.status === 409 ? res.body?.error : `HTTP ${res.status} ${JSON.stringify(res.body)}` }
    let n = 0
    const surface: Surface = {
      act: (clip, action) => server.request("POST", `/api/review/${clip}`, action).then(outcome),
      submit: (source) => server.request("POST", "/api/videos", { source }).then(outcome),
      videos: () => server.request("GET", "/api/status").then((r) => Object.values(r.body.videos as Record<string, number>).reduce((x, y) => x + y, 0))
    }
    // URLs the server refuses to download (a private address): the submits race, the ingest after
    // them fails at once instead of keeping the server busy.
    const sources = () => `http://127.0.0.1:1/race-${++n}.mp4`
    const outcomes = await runRaces(surface, a, b, splitFrame, sources)
    expect(outcomes).toMatchObject({ reviews: REVIEW_ROUNDS, mergeSplit: MERGE_SPLIT_ROUNDS, submits: SUBMIT_ROUNDS })
    // The event log, read by a second process on the same database once the server is gone.
    await server.stop()
    const reader = await startEmbedded({ dir: h.dir })
    try {
      const events = await reader.run(reader.heaters.review.history(Ids.unsafe.clip(b)))
      expect(events.length).toBe(2 * REVIEW_ROUNDS + 2 * MERGE_SPLIT_ROUNDS)
    } finally {
      await reader.dispose()
    }
  }, 240_000)
})
