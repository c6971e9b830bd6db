/**
 * Many machines (issue #4): 3 worker processes against one Postgres and one S3 (s3rver), 10
 * generated videos. Every video ends `spliced`, every clip `pending_review` with exactly one sprite,
 * no job completed twice, no duplicate or overlapping clips, no orphaned object in the bucket.
 */
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { ListObjectsV2Command } from "@aws-sdk/client-s3"
import { Catalog, Heaters } from "@heaters/core"
import { Effect, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { layers } from "../support/pipeline-worker.js"
import type { Cluster } from "../support/postgres.js"
import { startCluster } from "../support/postgres.js"
import type { S3Server } from "../support/s3rver.js"
import { startS3rver } from "../support/s3rver.js"
import { generateVideo } from "../support/videos.js"

const root = fileURLToPath(new URL("../../", import.meta.url))
const sources = ["testsrc2", "smptebars", "mandelbrot", "rgbtestsrc", "color:0x3366aa", "color:0xaa6633"] as const

let cluster: Cluster
let s3: S3Server
let dir: string
const workers: Array<ChildProcess> = []
beforeAll(async () => {
  ;[cluster, s3] = await Promise.all([startCluster(), startS3rver("heaters-many")])
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "heaters-many-"))
})
/**
 * Kills a worker's whole process group: each worker leads its own group (detached), so nothing it
 * started outlives it.
 */
const killGroup = (child: ChildProcess) => {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL")
  } catch {
    // The group is already gone.
  }
}

/** Resolves once the worker has exited (at once when it already has). */
const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve()))

afterAll(async () => {
  workers.forEach(killGroup)
  await Promise.all(workers.map(exited))
  await Promise.all([cluster?.stop(), s3?.stop()])
  fs.rmSync(dir, { recursive: true, force: true })
})

describe("many machines", () => {
  it("3 worker processes, 10 videos: spliced, one sprite per clip, no duplicate work, no orphans", async () => {
    const url = await cluster.freshDatabase()
    const videos = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        generateVideo({
          width: 160, height: 90, fps: 25,
          shots: [0, 1, 2].map((k) => ({ source: sources[(i + k) % sources.length]!, seconds: 2 + (k === 0 ? i * 0.04 : 0) }))
        }))
    )
    const runtime = ManagedRuntime.make(layers(url, s3.endpoint, s3.bucket))
    let stderr = ""
    try {
      const heaters = await runtime.runPromise(Heaters.Heaters)
      for (const v of videos) await runtime.runPromise(heaters.submit(v.path))
      const log = path.join(dir, "completed.log")
      for (let i = 0; i < 3; i++) {
        // Node itself with tsx's loader (no `tsx` wrapper process whose death would orphan the real
        // worker), leading its own process group so killGroup ends everything it started.
        const child = spawn(process.execPath, ["--import", "tsx", `${root}test/support/pipeline-worker.ts`, url, s3.endpoint, s3.bucket, log], {
          cwd: root,
          detached: true,
          env: { ...process.env, TSX_TSCONFIG_PATH: `${root}test/support/tsconfig.json` },
          stdio: ["ignore", "ignore", "pipe"]
        })
        child.stderr!.on("data", (d) => void (stderr += `[worker ${i}] ${d}`))
        workers.push(child)
      }
      const deadline = Date.now() + 150_000
      for (;;) {
        const status = await runtime.runPromise(heaters.status)
        const clipsBusy = Object.entries(status.clips).some(([state, n]) => state !== "pending_review" && n > 0)
        const queued = Object.values(status.queues).reduce((a, b) => a + b, 0)
        if (status.videos.spliced === 10 && !clipsBusy && queued === 0) break
        if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(status)}`)
        await new Promise((r) => setTimeout(r, 500))
      }
      // Let in-flight acks and dispatcher ticks settle, then stop the workers.
      await new Promise((r) => setTimeout(r, 1500))
      workers.forEach(killGroup)
      await Promise.all(workers.map(exited))

      const { all, artifacts, byVideo } = await runtime.runPromise(Effect.gen(function*() {
        const catalog = yield* Catalog.Catalog
        const all = yield* catalog.listVideos({})
        const byVideo = yield* Effect.forEach(all, (v) => catalog.listClips({ sourceVideoId: v.id }))
        const artifacts = yield* Effect.forEach(byVideo.flat(), (c) => catalog.listArtifacts(c.id))
        return { all, artifacts, byVideo }
      }))
      expect(all.map((v) => v.state)).toEqual(Array(10).fill("spliced"))
      const clips = byVideo.flat()
      expect(clips.length).toBeGreaterThanOrEqual(10)
      expect(clips.every((c) => c.state === "pending_review")).toBe(true)
      expect(artifacts.map((a) => a.map((x) => x.type))).toEqual(clips.map(() => ["sprite_sheet"]))
      expect(new Set(clips.map((c) => c.identifier)).size).toBe(clips.length)
      for (const [i, cs] of byVideo.entries()) {
        const sorted = [...cs].sort((a, b) => a.startFrame - b.startFrame)
        sorted.slice(1).forEach((c, k) => expect(c.startFrame).toBeGreaterThanOrEqual(sorted[k]!.endFrame))
        expect(sorted.length, `video ${all[i]!.id}`).toBeGreaterThanOrEqual(1)
      }

      const completed = fs.readFileSync(log, "utf8").trim().split("\n").map((l) => l.split(" "))
      const ids = completed.map(([id]) => id!)
      expect(new Set(ids).size).toBe(ids.length)
      expect(new Set(completed.map(([, pid]) => pid)).size).toBeGreaterThan(1)
      expect(ids.filter((id) => id.startsWith("ingest:")).length).toBe(10)
      expect(ids.filter((id) => id.startsWith("splice:")).length).toBe(10)

      const client = s3.client()
      const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }))
      const keys = (listed.Contents ?? []).map((o) => o.Key!).sort()
      // Referenced: each master, each artifact, and the WebVTT cue file a sprite names in its metadata.
      const referenced = [
        ...all.map((v) => v.masterKey!),
        ...artifacts.flat().flatMap((a) => [a.key, ...(typeof a.metadata.vtt_key === "string" ? [a.metadata.vtt_key] : [])])
      ].sort()
      expect(keys).toEqual(referenced)
    } catch (e) {
      process.stderr.write(stderr)
      throw e
    } finally {
      await runtime.dispose()
    }
  }, 240_000)
})
