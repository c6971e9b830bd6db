/**
 * One process of the crash-and-resume harness (test/support/chaos.ts): a pipeline worker (every
 * queue, the dispatcher and the lease check) or a reviewer (random approve / skip / archive /
 * merge / split / undo on clips waiting for review). Either may be "armed" to SIGKILL its own
 * process group at a named point — after a catalog write inside a transaction, just before an
 * upload, inside the commit of a review event, inside a review action — with a probability per
 * passage; the harness kills it from outside at random moments too.
 *
 * Usage: tsx test/support/chaos-worker.ts <role: pipeline|reviewer> <backend JSON> <journal> [point:probability]
 * backend JSON: {"kind":"embedded","dataDir":…} | {"kind":"postgres","url":…,"endpoint":…,"bucket":…,"leaseMs"?:…}
 */
import * as fs from "node:fs"
import * as Embedded from "@heaters/adapters/embedded"
import { BlobStore, Catalog, Heaters, PipelineConfig, Progress } from "@heaters/core"
import { Effect, Layer } from "effect"

/** Where the chaos run keeps its data. */
export type Backend =
  | { readonly kind: "embedded"; readonly dataDir: string }
  | { readonly kind: "postgres"; readonly url: string; readonly endpoint: string; readonly bucket: string; readonly leaseMs?: number }

/** Named places a worker can be killed at from inside. */
export type KillPoint = "transaction" | "upload" | "review-commit" | "review-act"

/** Pipeline settings of the chaos run: small sprites, short grace period, frequent ticks. */
export const pipeline: PipelineConfig.Input = {
  commitDelay: 1500,
  dispatchInterval: 2000,
  // Back-offs of 6, 12 and 24 s: a 10 s S3 outage must not use up every retry of an upload.
  retryBase: 3000,
  spriteTileWidth: 120,
  spriteMaxFps: 8,
  queues: { download: 1, media: 1, ml: 1, light: 2 }
}

/** The whole Heaters stack on a backend (the harness uses it too, unarmed, to submit and check). */
export const stack = (backend: Backend) => {
  // Postgres and the AWS SDK load only when used: a restarted worker boots faster without them.
  const services =
    backend.kind === "embedded"
      ? Embedded.layer({ dataDir: backend.dataDir, pipeline })
      : Layer.unwrapEffect(
        Effect.promise(async () => {
          const [Postgres, S3, Ffmpeg, Color, { s3ClientConfig }] = await Promise.all([
            import("@heaters/adapters/postgres"),
            import("@heaters/adapters/s3"),
            import("@heaters/adapters/ffmpeg"),
            import("@heaters/adapters/color"),
            import("./s3rver.js")
          ])
          return Layer.mergeAll(
            Postgres.layer({ url: backend.url, queue: { pollInterval: "50 millis", lockExpiration: "30 seconds" } }),
            S3.layer({ bucket: backend.bucket, client: s3ClientConfig(backend.endpoint) }),
            Ffmpeg.layer({}),
            Color.layer(),
            // No same-host owner check on Postgres: a killed worker's rows wait for its lease to run out.
            PipelineConfig.layer({ ...pipeline, embeddingModel: Color.modelName, ...(backend.leaseMs === undefined ? {} : { lease: backend.leaseMs }) }),
            Progress.layer
          )
        })
      )
  return Heaters.layer.pipe(Layer.provideMerge(services))
}

/** Kills this process's whole group (tsx wrapper, node, ffmpeg children) at `point`, if armed. */
const armedAt = (armed: { point: KillPoint; probability: number } | null, journal: string) => (point: KillPoint) =>
  Effect.sync(() => {
    if (armed === null || armed.point !== point || Math.random() >= armed.probability) return
    fs.appendFileSync(journal, `${JSON.stringify({ t: Date.now(), kind: "self-kill", point, pid: process.pid })}\n`)
    process.kill(0, "SIGKILL")
  })

/** The catalog and blob store with kill points spliced in. */
const armedLayer = (die: (point: KillPoint) => Effect.Effect<void>) =>
  Layer.mergeAll(
    Layer.effect(
      Catalog.Catalog,
      Effect.map(Catalog.Catalog, (c) =>
        Catalog.Catalog.of({
          ...c,
          insertClips: (clips) => Effect.tap(c.insertClips(clips), () => die("transaction")),
          upsertArtifact: (a) => Effect.tap(c.upsertArtifact(a), () => die("transaction")),
          appendEvents: (events) => Effect.tap(c.appendEvents(events), () => die("review-act")),
          markEvents: (ids, mark) => Effect.tap(c.markEvents(ids, mark), () => ("processedAt" in mark ? die("review-commit") : Effect.void))
        }))
    ),
    Layer.effect(
      BlobStore.BlobStore,
      Effect.map(BlobStore.BlobStore, (b) =>
        BlobStore.BlobStore.of({
          ...b,
          put: (key, bytes, type) => Effect.zipRight(die("upload"), b.put(key, bytes, type)),
          putFile: (key, path, type) => Effect.zipRight(die("upload"), b.putFile(key, path, type))
        }))
    )
  )

const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(Math.random() * xs.length)]!

/** One random reviewer action on one of the clips waiting for review; journaled before and after. */
const reviewOnce = (journal: string) =>
  Effect.gen(function* () {
    const heaters = yield* Heaters.Heaters
    const items = yield* heaters.review.next({ limit: 8 })
    if (items.length === 0) return false
    const { clip } = pick(items)
    const roll = Math.random()
    const neighbours = (yield* heaters.clips(clip.sourceVideoId)).filter((c) => c.state === "pending_review" && c.reviewedAt === null && c.id !== clip.id)
    const adjacent = neighbours.find((c) => c.endFrame === clip.startFrame || c.startFrame === clip.endFrame)
    const frames = clip.endFrame - clip.startFrame
    const action =
      roll < 0.25 && adjacent !== undefined
        ? { action: "merge" as const, targetClipId: adjacent.id }
        : roll < 0.45 && frames >= 30
        ? { action: "split" as const, frame: Math.floor(frames / 2) }
        : roll < 0.6
        ? { action: "approve" as const }
        : roll < 0.7
        ? { action: "skip" as const }
        : roll < 0.8
        ? { action: "archive" as const }
        : { action: "approve" as const }
    const entry = { clipId: clip.id, ...action }
    fs.appendFileSync(journal, `${JSON.stringify({ t: Date.now(), kind: "intent", ...entry })}\n`)
    const result = yield* Effect.either(heaters.review.act(clip.id, action))
    fs.appendFileSync(journal, `${JSON.stringify({ t: Date.now(), kind: result._tag === "Right" ? "done" : "refused", ...entry, ...(result._tag === "Left" ? { error: result.left._tag } : {}) })}\n`)
    // Undo now and then, right after an action, while its grace period runs.
    if (result._tag === "Right" && Math.random() < 0.25) {
      fs.appendFileSync(journal, `${JSON.stringify({ t: Date.now(), kind: "intent", clipId: clip.id, action: "undo" })}\n`)
      const undone = yield* Effect.either(heaters.review.act(clip.id, { action: "undo" }))
      fs.appendFileSync(journal, `${JSON.stringify({ t: Date.now(), kind: undone._tag === "Right" ? "done" : "refused", clipId: clip.id, action: "undo" })}\n`)
    }
    return true
  })

if (process.argv[1]?.endsWith("chaos-worker.ts") || process.env.CHAOS_WORKER === "1") {
  const [role, backendJson, journal, armedSpec] = process.argv.slice(2)
  const backend = JSON.parse(backendJson!) as Backend
  const [point, probability] = (armedSpec ?? "").split(":")
  const die = armedAt(point ? { point: point as KillPoint, probability: Number(probability) } : null, journal!)
  const base = stack(backend)
  // Layer.fresh: layers are memoised by reference, so a plain `Heaters.layer` here would be the
  // very instance inside `base`, built on the unarmed ports — and no armed point would ever fire.
  const live = Layer.fresh(Heaters.layer).pipe(Layer.provideMerge(armedLayer(die)), Layer.provideMerge(base))
  const program =
    role === "reviewer"
      ? Effect.forever(
        // A reviewer app answers a failed read (database restarting) with an error and carries on.
        Effect.flatMap(
          Effect.catchAll(reviewOnce(journal!), (error) =>
            Effect.as(Effect.sync(() => fs.appendFileSync(journal!, `${JSON.stringify({ t: Date.now(), kind: "error", error: String(error) })}\n`)), false)),
          (acted) => Effect.sleep(acted ? `${100 + Math.floor(Math.random() * 300)} millis` : "500 millis")
        )
      )
      : Effect.flatMap(Heaters.Heaters, (h) => Effect.zipRight(h.runWorkers, Effect.never))
  // "started" once the layers are built: the harness times its kills from here.
  const announce = Effect.sync(() =>
    fs.appendFileSync(journal!, `${JSON.stringify({ t: Date.now(), kind: "started", role, pid: process.pid, spawn: process.env.CHAOS_SPAWN })}\n`)
  )
  Effect.zipRight(announce, program).pipe(Effect.scoped, Effect.provide(live), Effect.runPromise).catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
