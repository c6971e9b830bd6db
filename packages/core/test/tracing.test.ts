import { describe, expect, it } from "@effect/vitest"
import { Heaters } from "@heaters/core"
import type { Tracer } from "effect"
import { Effect, Layer } from "effect"
import * as Support from "./support.js"

/** A tracer that records every span the default tracer makes. */
const recording = (spans: Array<Tracer.Span>) =>
  Layer.unwrapEffect(
    Effect.map(Effect.tracer, (base) =>
      Layer.setTracer({
        ...base,
        span: (...args: Parameters<Tracer.Tracer["span"]>) => {
          const span = base.span(...args)
          spans.push(span)
          return span
        }
      })
    )
  )

const childrenOf = (spans: ReadonlyArray<Tracer.Span>, parent: Tracer.Span) =>
  spans.filter((s) => s.parent._tag === "Some" && s.parent.value.spanId === parent.spanId)

describe("tracing", () => {
  it.effect("one ingest is a job span over a stage span over the port calls it made", () => {
    const spans: Array<Tracer.Span> = []
    return Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      const path = yield* Support.place("/v/trace.mp4", Support.scenes([3, 3]))
      const video = yield* heaters.submit(path)
      yield* heaters.drain

      const ingestJob = spans.find((s) => s.name === "heaters.job" && s.attributes.get("heaters.job_kind") === "ingest")!
      expect(ingestJob.attributes.get("heaters.job_id")).toBe(`ingest:${video.id}:v${video.version}`)
      const [stage] = childrenOf(spans, ingestJob)
      expect(stage!.name).toBe("heaters.stage.ingest")
      expect(stage!.attributes.get("heaters.video_id")).toBe(video.id)
      // Claim, normalise, store the master, complete, chain the splice job.
      const calls = childrenOf(spans, stage!).map((s) => s.name)
      expect(calls).toEqual(["Catalog.updateVideo", "Media.normalize", "BlobStore.putFile", "Catalog.updateVideo", "JobQueue.offer"])

      // Every clip stage is traced with its clip's id, and every span has ended.
      const sprites = spans.filter((s) => s.name === "heaters.stage.sprite")
      expect(sprites.map((s) => s.attributes.get("heaters.clip_id"))).toHaveLength(2)
      expect(spans.every((s) => s.status._tag === "Ended")).toBe(true)
    }).pipe(Effect.provide(Support.layer()), Effect.provide(recording(spans)))
  })
})
