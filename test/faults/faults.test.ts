/**
 * Fault injection (`@heaters/adapters/faults`, docs/RELIABILITY.md "Fault injection"): the wrappers
 * themselves (transient vs permanent, latency, streams cut mid-way, outages), then the pipeline on
 * the memory adapters under 20 % transient failures of every wrapped port — every video completes —
 * and under a permanent media failure — the video ends failed with the injected reason after
 * `maxRetries`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Faults from "@heaters/adapters/faults"
import * as Memory from "@heaters/adapters/memory"
import { BlobStore, Catalog, Embedder, Heaters, Media, PipelineConfig } from "@heaters/core"
import { Chunk, Effect, Either, Layer, Stream } from "effect"

/** A seeded random source (mulberry32), so failure counts are reproducible. */
const seeded = (seed: number) => () => {
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const blobs = Memory.layer()

describe("fault wrappers", () => {
  it.effect("transient faults hit about the configured fraction of calls; retries get through", () =>
    Effect.gen(function* () {
      const policy = Faults.policy({ transient: 0.2, random: seeded(7) })
      const inner = yield* BlobStore.BlobStore
      const store = Faults.wrapBlobStore(inner, policy)
      let failed = 0
      for (let i = 0; i < 1000; i++) {
        const result = yield* Effect.either(store.put(`k/${i}`, new Uint8Array([1])))
        if (Either.isLeft(result)) {
          failed++
          expect(result.left.reason).toBe("injected transient fault in put")
          yield* Effect.retry(store.put(`k/${i}`, new Uint8Array([1])), { times: 20 })
        }
      }
      expect(failed).toBeGreaterThan(150)
      expect(failed).toBeLessThan(250)
      expect((yield* inner.list("k/")).length).toBe(1000)
      expect(policy.counts.transient).toBeGreaterThanOrEqual(failed)
    }).pipe(Effect.provide(blobs)))

  it.effect("a permanent fault fails every call on the same target and never others", () =>
    Effect.gen(function* () {
      const store = Faults.wrapBlobStore(yield* BlobStore.BlobStore, { permanent: 0.3 })
      const outcomes = yield* Effect.forEach(Array.from({ length: 200 }, (_, i) => `p/${i}`), (key) =>
        Effect.map(Effect.all([Effect.either(store.put(key, new Uint8Array([1]))), Effect.either(store.put(key, new Uint8Array([1])))]), ([a, b]) => [a._tag, b._tag]))
      for (const [a, b] of outcomes) expect(a).toBe(b)
      const broken = outcomes.filter(([a]) => a === "Left").length
      expect(broken).toBeGreaterThan(30)
      expect(broken).toBeLessThan(90)
    }).pipe(Effect.provide(blobs)))

  it.effect("a stream is cut after the configured bytes with a BlobError", () =>
    Effect.gen(function* () {
      const store = Faults.wrapBlobStore(yield* BlobStore.BlobStore, { cutAfterBytes: 1000 })
      yield* store.put("big", new Uint8Array(5000).fill(7))
      const received: Array<number> = []
      const result = yield* Effect.either(Stream.runForEach(store.stream("big"), (chunk) => Effect.sync(() => received.push(chunk.length))))
      expect(Either.isLeft(result) && result.left._tag === "BlobError" && result.left.reason).toContain("injected")
      expect(received.reduce((a, b) => a + b, 0)).toBe(1000)
      const small = Chunk.toArray(yield* Stream.runCollect(Faults.wrapBlobStore(yield* BlobStore.BlobStore, { cutAfterBytes: 10_000 }).stream("big")))
      expect(small.reduce((a, b) => a + b.length, 0)).toBe(5000)
    }).pipe(Effect.provide(blobs)))

  it.live("latency is added per call, and an outage fails everything until it ends", () =>
    Effect.gen(function* () {
      const outage = Faults.makeSwitch()
      const store = Faults.wrapBlobStore(yield* BlobStore.BlobStore, { latencyMs: 40, outage })
      const t0 = Date.now()
      yield* store.put("a", new Uint8Array([1]))
      expect(Date.now() - t0).toBeGreaterThanOrEqual(35)
      const during = yield* Effect.fork(outage.outageFor(300))
      yield* Effect.sleep("50 millis")
      const down = yield* Effect.either(store.get("a"))
      expect(Either.isLeft(down) && down.left._tag === "BlobError" && down.left.reason).toBe("injected outage fault in get")
      yield* Effect.sleep("400 millis")
      expect(Array.from(yield* store.get("a"))).toEqual([1])
      void during
    }).pipe(Effect.provide(blobs)))
})

/** The memory adapters with every fault-capable port (or only one) wrapped by `faults`. */
const faulty = (options: Faults.FaultOptions, config: PipelineConfig.Input, only?: "media" | "catalog") => {
  const base = Memory.layer({ queue: { reviveAfter: "500 millis" } })
  const on = (port: "media" | "catalog" | "other") => (only === undefined || only === port ? options : {})
  const wrapped = Layer.mergeAll(Faults.media(on("media")), Faults.blobStore(on("other")), Faults.embedder(on("other")), Faults.catalog(on("catalog")))
  const services = wrapped.pipe(Layer.provideMerge(base))
  return Heaters.layer.pipe(Layer.provideMerge(Layer.mergeAll(services, PipelineConfig.layer(config))))
}

/** Drains, waits a little (lease checks, back-off), and repeats until `done` or the deadline. */
const runUntil = (done: Effect.Effect<boolean, unknown, Heaters.Heaters>, ms: number) =>
  Effect.gen(function* () {
    const heaters = yield* Heaters.Heaters
    const deadline = Date.now() + ms
    while (Date.now() < deadline) {
      yield* Effect.ignore(heaters.drain)
      yield* Effect.ignore(heaters.tick)
      yield* Effect.ignore(Effect.flatMap(Effect.succeed(0), () => heaters.drain))
      if (yield* Effect.orElseSucceed(done, () => false)) return true
      yield* Effect.sleep("50 millis")
    }
    return false
  })

const scenes = (looks: ReadonlyArray<number>) =>
  Memory.videoBytes({ fps: 30, width: 320, height: 180, scenes: looks.map((look) => ({ seconds: 2, look })) as never })

describe("the pipeline under faults", () => {
  const outage = Faults.makeSwitch()

  it.live("20 % transient failures of Catalog, BlobStore, Media and Embedder: every video completes", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const files = yield* Memory.MemoryFiles.Files
      const catalog = yield* Catalog.Catalog
      const ids = []
      for (let i = 0; i < 4; i++) {
        files.write(`/in/v${i}.mp4`, scenes([1 + i, 5 + i, 9 + i]))
        // Submitting is a client call: a transient failure is retried by the caller.
        ids.push((yield* Effect.retry(heaters.submit(`/in/v${i}.mp4`), { times: 20 })).id)
      }
      const spliced = yield* runUntil(
        Effect.map(Effect.forEach(ids, (id) => heaters.video(id)), (vs) => vs.every((v) => v.state === "spliced")),
        60_000
      )
      expect(spliced, JSON.stringify(yield* Effect.forEach(ids, (id) => Effect.either(heaters.video(id))))).toBe(true)
      // Approve every clip (retrying the reviewer's request), then wait for keyframes + embeddings.
      const clips = (yield* Effect.forEach(ids, (id) => Effect.retry(heaters.clips(id), { times: 50 }))).flat()
      expect(clips.length).toBe(12)
      const ready = yield* runUntil(
        Effect.map(Effect.forEach(clips, (c) => heaters.clip(c.id)), (cs) => cs.every((c) => c.state === "pending_review")),
        60_000
      )
      expect(ready, JSON.stringify(yield* Effect.either(Effect.retry(heaters.status, { times: 50 })))).toBe(true)
      for (const c of clips) yield* Effect.retry(heaters.review.act(c.id, { action: "approve" }), { times: 20, while: (e) => e._tag === "CatalogError" })
      const embedded = yield* runUntil(
        Effect.map(Effect.forEach(clips, (c) => heaters.clip(c.id)), (cs) => cs.every((c) => c.state === "embedded")),
        90_000
      )
      expect(embedded, JSON.stringify(yield* Effect.either(Effect.retry(Effect.forEach(clips, (c) => Effect.map(catalog.getClip(c.id), (x) => [x.state, x.retryCount, x.lastError])), { times: 50 })))).toBe(true)
      // The faults really happened, and nothing was left behind half-done.
      // (Reads retry one by one: the catalog still fails every fifth call.)
      const final = yield* Effect.forEach(clips, (c) => Effect.retry(catalog.getClip(c.id), { times: 50 }))
      const videos = yield* Effect.forEach(ids, (id) => Effect.retry(heaters.video(id), { times: 50 }))
      expect(final.every((c) => c.leaseOwner === null)).toBe(true)
      expect([...final, ...videos].some((row) => row.retryCount > 0)).toBe(true)
    }).pipe(Effect.provide(faulty({ transient: Number(process.env.T ?? 0.2), random: seeded(42) }, { maxRetries: 100, retryBase: 0, commitDelay: 0, lease: 2000, spriteTileWidth: 80 }))), 240_000)

  it.live("a permanent media failure ends the video failed, with the injected reason, after maxRetries", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const files = yield* Memory.MemoryFiles.Files
      files.write("/in/bad.mp4", scenes([1, 2]))
      const video = yield* heaters.submit("/in/bad.mp4")
      const failed = yield* runUntil(Effect.map(heaters.video(video.id), (v) => v.state === "splicing_failed" && v.retryCount >= 3), 30_000)
      expect(failed).toBe(true)
      const v = yield* heaters.video(video.id)
      expect(v.lastError).toContain("injected permanent fault in analyze")
      expect(v.retryCount).toBe(3)
      expect(yield* heaters.clips(video.id)).toEqual([])
      // Nothing more happens to it: the dispatcher leaves it alone.
      yield* runUntil(Effect.succeed(false), 500)
      expect((yield* heaters.video(video.id)).version).toBe(v.version)
    }).pipe(Effect.provide(faulty({ permanent: 1, operations: ["analyze"] }, { maxRetries: 3, retryBase: 1 }, "media"))), 60_000)

  it.live("a job whose every delivery fails before its claim is offered again: an outage never strands its row", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const files = yield* Memory.MemoryFiles.Files
      files.write("/in/v.mp4", scenes([1, 2]))
      const video = yield* heaters.submit("/in/v.mp4")
      // Every claim fails while the switch is down: the ingest job uses up its deliveries and dies.
      outage.down = true
      yield* Effect.ignore(heaters.drain)
      outage.down = false
      expect((yield* heaters.video(video.id)).state).toBe("new")
      const spliced = yield* runUntil(Effect.map(heaters.video(video.id), (v) => v.state === "spliced"), 10_000)
      expect(spliced).toBe(true)
      expect((yield* heaters.clips(video.id)).length).toBe(2)
    }).pipe(Effect.provide(faulty({ outage, operations: ["updateVideo"] }, { retryBase: 0 }, "catalog"))), 30_000)

  it.effect("an embedder wrapper keeps the model info of the wrapped embedder", () =>
    Effect.gen(function* () {
      const inner = yield* Embedder.Embedder
      const wrapped = Faults.wrapEmbedder(inner, { permanent: 1 })
      expect(wrapped.model).toEqual(inner.model)
      const r = yield* Effect.either(wrapped.embed([new Uint8Array([1])]))
      expect(Either.isLeft(r) && r.left._tag).toBe("EmbedderError")
      const media = Faults.wrapMedia(yield* Media.Media, { permanent: 1 })
      const probed = yield* Effect.either(media.probe("/nope.mp4"))
      expect(Either.isLeft(probed) && probed.left._tag).toBe("MediaFailed")
    }).pipe(Effect.provide(Memory.layer())))
})
