/**
 * The crash-and-resume harness (docs/RELIABILITY.md, "Crash and resume"). A pipeline worker and a
 * reviewer run as separate process groups (spawned detached, so `kill(-pid)` also ends their
 * ffmpeg children); generated videos are submitted; the harness SIGKILLs a group at random
 * moments — and arms restarted processes to kill themselves at named points (inside a
 * transaction, before an upload, inside a review event's commit, inside a review action) —
 * restarts it, and measures how long the rows the dead worker held take to be resumed. Then it
 * lets the pipeline settle and checks the invariants (`check.ts` beside this file).
 */
import { execFileSync, spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { type BlobStore, Catalog, type Clip, Heaters, SourceVideo } from "@heaters/core"
import { Effect, ManagedRuntime, Schedule } from "effect"
import type { Backend, KillPoint } from "./chaos-worker.js"
import { stack } from "./chaos-worker.js"
import { checkRun } from "./chaos-check.js"
import type { Cluster } from "./postgres.js"
import { startCluster } from "./postgres.js"
import type { S3Server } from "./s3rver.js"
import { startS3rver } from "./s3rver.js"
import type { Source } from "./videos.js"
import { generateVideo } from "./videos.js"

const root = fileURLToPath(new URL("../../", import.meta.url))

/** The pipeline's `maxRetries` (its default): a failed row below it will be retried. */
const MAX_RETRIES = 3

/** A row is settled when it is done or failed for good; a failed row with retries left is not. */
const settledVideo = (v: SourceVideo.SourceVideo) =>
  v.state === "spliced" || (SourceVideo.failed.includes(v.state) && v.retryCount >= MAX_RETRIES)
const videosSettled = (c: Catalog.CatalogShape) => Effect.map(c.listVideos({}), (vs) => vs.every(settledVideo))
/** Clip states the pipeline still has work for after the reviewer has stopped. */
const workingClip: ReadonlyArray<Clip.State> = ["spliced", "generating_sprite", "merging", "splitting", "review_approved", "keyframing", "keyframed", "embedding", "review_archived"]
const unsettledClip = (c: Clip.Clip) => workingClip.includes(c.state) || (c.state.endsWith("_failed") && c.retryCount < MAX_RETRIES)

/** @since 0.1.0 */
export interface ChaosOptions {
  readonly backend: "embedded" | "postgres"
  /** Videos submitted at the start; more are submitted while kills remain and all are done. */
  readonly videos: number
  /** Stop killing after this many kills (or when `budgetMs` is spent). */
  readonly kills: number
  readonly budgetMs: number
  /** Postgres only: `pg_ctl restart` once, a third of the way in. */
  readonly restartDatabase?: boolean
  /** Postgres only: an S3 outage of this many ms, two thirds of the way in. */
  readonly s3OutageMs?: number
  /** Postgres only: the workers' lease (default the pipeline's 30 s), which bounds time to resume there. */
  readonly leaseMs?: number
  /**
   * A short run must strand work too: until a kill has stranded a leased row, the outside kills go
   * to the pipeline, each waits (up to 20 s) until it holds one, and the run goes on past `kills`
   * (within `budgetMs`) — a stage can end between that look and the kill.
   */
  readonly strandOnce?: boolean
  readonly log?: (line: string) => void
}

/** @since 0.1.0 */
export interface ChaosReport {
  readonly backend: string
  readonly kills: number
  readonly killsBy: Readonly<Record<string, number>>
  /** Kills that stranded leased rows, and how many of those were resumed. */
  readonly stranded: number
  readonly recovered: number
  readonly recoverMs: { readonly p50: number; readonly max: number; readonly all: ReadonlyArray<number> }
  readonly videos: number
  readonly videoStates: Readonly<Record<string, number>>
  readonly clips: number
  readonly reviewActions: number
  readonly outages: ReadonlyArray<string>
  /** Videos that ended failed, with their `last_error`. */
  readonly failures: ReadonlyArray<string>
  /** Invariant violations (empty = nothing lost, duplicated or leaked). */
  readonly violations: ReadonlyArray<string>
  /** Temp directories left behind by SIGKILLed workers (the harness removes them). */
  readonly killedTempDirs: number
  readonly durationMs: number
}

const sources: ReadonlyArray<Source> = ["testsrc2", "smptebars", "mandelbrot", "rgbtestsrc", "color:0x3366aa", "color:0xaa6633", "cellauto", "gradients"]
const videoSpec = (i: number) => ({
  width: 160, height: 90, fps: 25,
  shots: [0, 1, 2, 3].map((k) => ({ source: sources[(i + k) % sources.length]!, seconds: 1.6 + ((i * 7 + k * 3) % 5) * 0.2 }))
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(Math.random() * xs.length)]!
const percentile = (xs: ReadonlyArray<number>, p: number) => {
  if (xs.length === 0) return 0
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}

/**
 * The worker as one ES module (esbuild, workspace sources inlined, packages external): a restart
 * then boots in plain Node, without compiling TypeScript again. It lives under node_modules so its
 * package imports resolve.
 */
const bundleWorker = (): string => {
  const dir = path.join(root, "node_modules", ".cache", "heaters-chaos")
  fs.mkdirSync(dir, { recursive: true })
  const out = path.join(dir, `worker-${process.pid}-${Date.now()}.mjs`)
  const external = ["better-sqlite3", "@aws-sdk/*", "s3rver", "execa", "effect", "@effect/*", "pg", "undici", "onnxruntime-node", "sharp", "@heaters/sheet-jpeg", "@huggingface/*"].map((p) => `--external:${p}`)
  execFileSync(path.join(root, "node_modules", ".bin", "esbuild"), [
    path.join(root, "test/support/chaos-worker.ts"), "--bundle", "--platform=node", "--format=esm", "--target=node20",
    `--tsconfig=${path.join(root, "test/support/tsconfig.json")}`, ...external, `--outfile=${out}`, "--log-level=warning"
  ])
  return out
}

/** Whether any process of group `pgid` is alive. */
export const groupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

/** Command names of the processes in group `pgid`. */
const groupCommands = (pgid: number): Array<string> => {
  try {
    return execFileSync("ps", ["-o", "pgid=,comm=", "-e"], { encoding: "utf8" })
      .split("\n")
      .map((l) => l.trim().split(/\s+/))
      .filter(([g]) => Number(g) === pgid)
      .map(([, comm]) => comm ?? "")
  } catch {
    return []
  }
}

type Role = "pipeline" | "reviewer"

interface Proc {
  readonly role: Role
  readonly child: ChildProcess
  readonly pid: number
  readonly armed: KillPoint | null
  readonly spawn: number
  exited: boolean
  /** When the harness saw it exit (a self-kill's moment, to within the exit event's delivery). */
  exitedAt: number
}

/** States a row is worked on in (the ones that carry a lease). */
const runningVideo: ReadonlyArray<SourceVideo.State> = SourceVideo.inProgress
const runningClip: ReadonlyArray<Clip.State> = ["generating_sprite", "merging", "splitting", "keyframing", "embedding"]

/** Runs one chaos run and returns its figures; throws only on harness failure. @since 0.1.0 */
export const runChaos = async (options: ChaosOptions): Promise<ChaosReport> => {
  const log = options.log ?? (() => {})
  const started = Date.now()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "heaters-chaos-"))
  const tmp = path.join(dir, "tmp")
  fs.mkdirSync(tmp)
  let cluster: Cluster | undefined
  let s3: S3Server | undefined
  const procs: Array<Proc> = []
  const outages: Array<string> = []
  const cleanup: Array<() => void> = []
  // If the harness itself is stopped, its detached workers must not outlive it.
  const killAll = () => procs.forEach((p) => {
    try {
      process.kill(-p.pid, "SIGKILL")
    } catch {
      // gone
    }
  })
  const onSignal = () => {
    killAll()
    process.exit(130)
  }
  process.once("SIGINT", onSignal)
  process.once("SIGTERM", onSignal)
  process.once("exit", killAll)
  let runtime: ManagedRuntime.ManagedRuntime<Heaters.Heaters | Catalog.Catalog | BlobStore.BlobStore, unknown> | undefined
  try {
    let backend: Backend
    if (options.backend === "postgres") {
      ;[cluster, s3] = await Promise.all([startCluster(), startS3rver("heaters-chaos")])
      const url = await cluster.freshDatabase()
      backend = { kind: "postgres", url, endpoint: s3.endpoint, bucket: s3.bucket, ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }) }
    } else {
      backend = { kind: "embedded", dataDir: path.join(dir, "data") }
    }
    runtime = ManagedRuntime.make(stack(backend)) as unknown as ManagedRuntime.ManagedRuntime<Heaters.Heaters | Catalog.Catalog | BlobStore.BlobStore, unknown>
    // The harness's own reads and submits retry: under load SQLite may stay locked past its busy timeout.
    const run = <A>(f: (h: Heaters.Heaters, c: Catalog.CatalogShape) => Effect.Effect<A, unknown>) =>
      runtime!.runPromise(
        Effect.flatMap(Effect.zip(Heaters.Heaters, Catalog.Catalog), ([h, c]) => f(h, c)).pipe(
          Effect.retry({ times: 5, schedule: Schedule.spaced("1 second"), while: (e) => (e as { _tag?: string })._tag === "CatalogError" })
        )
      )

    let submitted = 0
    const submit = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const video = await generateVideo(videoSpec(submitted))
        // Each submission needs its own source: copy the cached file under a unique name.
        const file = path.join(dir, `video-${submitted}.mp4`)
        fs.copyFileSync(video.path, file)
        await run((h) => h.submit(file))
        submitted++
      }
    }
    await submit(options.videos)

    const bundle = bundleWorker()
    cleanup.push(() => fs.rmSync(bundle, { force: true }))
    const journals = { pipeline: path.join(dir, "pipeline.jsonl"), reviewer: path.join(dir, "reviewer.jsonl") }
    let spawns = 0
    const spawnRole = (role: Role, armed: KillPoint | null): Proc => {
      // One TMPDIR for all spawns: tsx keeps its compile cache there, so restarts boot warm.
      const env = { ...process.env, TMPDIR: tmp, CHAOS_SPAWN: String(++spawns), CHAOS_WORKER: "1" }
      const probability = armed === "review-act" || armed === "review-commit" ? 0.5 : 0.15
      const args = [bundle, role, JSON.stringify(backend), journals[role], ...(armed ? [`${armed}:${probability}`] : [])]
      const child = spawn(process.execPath, args, { cwd: root, detached: true, stdio: ["ignore", "ignore", "pipe"], env })
      const proc: Proc = { role, child, pid: child.pid!, armed, exited: false, exitedAt: 0, spawn: spawns }
      let stderr = ""
      child.stderr!.on("data", (d) => void (stderr = (stderr + String(d)).slice(-4000)))
      child.on("exit", (code, signal) => {
        proc.exited = true
        proc.exitedAt = Date.now()
        if (signal !== "SIGKILL" && code !== 0) log(`[${role} ${proc.pid}] exited ${code ?? signal}: ${stderr}`)
      })
      procs.push(proc)
      return proc
    }
    const killGroup = async (proc: Proc) => {
      try {
        process.kill(-proc.pid, "SIGKILL")
      } catch {
        // already gone
      }
      for (let i = 0; i < 100 && (groupAlive(proc.pid) || !proc.exited); i++) await sleep(20)
    }
    /** Waits until the process announced it is up (layers built), or died trying. */
    const ready = async (proc: Proc) => {
      const marker = `"spawn":"${proc.spawn}"`
      for (let i = 0; i < 600 && !proc.exited; i++) {
        if (fs.existsSync(journals[proc.role]) && fs.readFileSync(journals[proc.role], "utf8").includes(marker)) return
        await sleep(50)
      }
    }
    const armFor = (role: Role): KillPoint | null =>
      Math.random() < 0.5 ? null : role === "reviewer" ? "review-act" : pick<KillPoint>(["transaction", "upload", "review-commit"])

    const live: Record<Role, Proc> = { pipeline: spawnRole("pipeline", armFor("pipeline")), reviewer: spawnRole("reviewer", null) }
    const killsBy: Record<string, number> = {}
    let kills = 0
    const recoverMs: Array<number> = []
    let stranded = 0
    const count = (kind: string) => {
      kills++
      killsBy[kind] = (killsBy[kind] ?? 0) + 1
    }
    /** Leased in-progress rows: after a pipeline kill, the rows it stranded. */
    const leasedRows = () =>
      run((_, c) =>
        Effect.map(
          Effect.zip(c.listVideos({ states: runningVideo, leased: true }), c.listClips({ states: runningClip, leased: true })),
          ([vs, cs]) => [...vs.map((v) => `v${v.id}@${v.version}`), ...cs.map((x) => `c${x.id}@${x.version}`)]
        )
      ).catch(() => [] as Array<string>)
    /** Replaces a dead process (self-killed or killed), counting the kill. */
    const replace = (role: Role, kind: string) => {
      count(kind)
      live[role] = spawnRole(role, armFor(role))
    }
    const selfKillPoint = (role: Role) => {
      const lines = fs.existsSync(journals[role]) ? fs.readFileSync(journals[role], "utf8").trim().split("\n") : []
      const last = lines.reverse().find((l) => l.includes('"self-kill"'))
      return last ? `self:${(JSON.parse(last) as { point: string }).point}` : "self:unknown"
    }
    const reap = () => {
      for (const role of ["pipeline", "reviewer"] as const) {
        if (live[role].exited) replace(role, selfKillPoint(role))
      }
    }

    const allDone = () => run((_, c) => videosSettled(c))
    let restartedDb = false
    let s3Down = false
    // A third of the way in (by kills or time) the database restarts, two thirds in S3 goes down;
    // `all` forces what has not happened yet (self-kills can use up a short run's kills at once).
    const outagesDue = async (all: boolean) => {
      const elapsed = (Date.now() - started) / options.budgetMs
      if (cluster && options.restartDatabase && !restartedDb && (all || kills >= options.kills / 3 || elapsed >= 1 / 3)) {
        restartedDb = true
        const t = Date.now()
        await cluster.restart()
        outages.push(`pg_ctl restart (${Date.now() - t} ms)`)
        log(`postgres restarted in ${Date.now() - t} ms`)
      }
      if (s3 && options.s3OutageMs && !s3Down && (all || kills >= (2 * options.kills) / 3 || elapsed >= 2 / 3)) {
        s3Down = true
        await s3.outage(options.s3OutageMs)
        outages.push(`s3 outage ${options.s3OutageMs} ms`)
        log(`s3 back after ${options.s3OutageMs} ms`)
      }
    }
    const mustStrand = () => options.strandOnce === true && stranded === 0
    while ((kills < options.kills || mustStrand()) && Date.now() - started < options.budgetMs) {
      await outagesDue(false)
      if (await allDone().catch(() => false)) await submit(2)
      await Promise.all([ready(live.pipeline), ready(live.reviewer)])
      // A random moment: up to 3 s into whatever the processes are doing (the restarted worker
      // has already resumed what its predecessor held, see awaitRecovery). An armed process gets
      // 8 s to reach its kill point first, or the outside kill would nearly always come first.
      const armed = live.pipeline.armed !== null || live.reviewer.armed !== null
      const until = Date.now() + (armed ? 8000 : 200 + Math.random() * 2800)
      while (Date.now() < until && !live.pipeline.exited && !live.reviewer.exited) await sleep(50)
      if (live.pipeline.exited || live.reviewer.exited) {
        const role = live.pipeline.exited ? "pipeline" : "reviewer"
        const killedAt = live[role].exitedAt
        const held = role === "pipeline" ? await leasedRows() : []
        replace(role, selfKillPoint(role))
        if (held.length > 0) await awaitRecovery(held, killedAt)
        continue
      }
      const role: Role = mustStrand() || Math.random() < 0.8 ? "pipeline" : "reviewer"
      const victim = live[role]
      if (mustStrand()) {
        const until = Date.now() + 20_000
        while (Date.now() < until && !victim.exited && (await leasedRows()).length === 0) await sleep(50)
      }
      const inFfmpeg = groupCommands(victim.pid).some((c) => c.startsWith("ffmpeg") || c.startsWith("ffprobe"))
      const killedAt = Date.now()
      await killGroup(victim)
      const held = role === "pipeline" ? await leasedRows() : []
      replace(role, `external:${role}${inFfmpeg ? ":ffmpeg" : ""}`)
      log(`kill ${kills} (${role}${inFfmpeg ? ", inside ffmpeg" : ""}): ${held.length} leased rows stranded`)
      if (held.length > 0) await awaitRecovery(held, killedAt)
    }

    /**
     * Waits until every stranded row was claimed again (its version moved and the old claim is
     * gone), counting self-kills meanwhile. Timed from the kill, so the restart is included.
     */
    async function awaitRecovery(held: ReadonlyArray<string>, t0: number) {
      stranded++
      const pending = new Set(held)
      while (Date.now() - t0 < 120_000) {
        reap()
        const now = new Set(await leasedRows())
        const versions = await run((_, c) =>
          Effect.forEach([...pending], (key) => {
            const id = Number(key.slice(1, key.indexOf("@")))
            const read: Effect.Effect<{ version: number }, unknown> = key.startsWith("v") ? c.getVideo(id as never) : c.getClip(id as never)
            return Effect.map(Effect.either(read), (row) => [key, row._tag === "Right" ? `${key[0]}${id}@${row.right.version}` : "gone"] as const)
          })
        ).catch(() => [] as Array<readonly [string, string]>)
        for (const [key, current] of versions) if (current !== key && !now.has(key)) pending.delete(key)
        if (pending.size === 0) {
          recoverMs.push(Date.now() - t0)
          return
        }
        await sleep(200)
      }
      log(`stranded rows not resumed within 120 s: ${[...pending].join(", ")}`)
    }

    await outagesDue(true)
    // Settle: no more kills; the reviewer stops, the pipeline (unarmed) finishes everything.
    await killGroup(live.reviewer)
    if (live.pipeline.armed !== null || live.pipeline.exited) {
      await killGroup(live.pipeline)
      live.pipeline = spawnRole("pipeline", null)
    }
    const settleStart = Date.now()
    const settleDeadline = settleStart + 240_000
    for (;;) {
      const settled = await run((h, c) =>
        Effect.gen(function* () {
          const status = yield* h.status
          const due = yield* c.dueEvents({ actions: ["selected_merge_source", "selected_split"], createdBefore: new Date(8.64e15), limit: 1 })
          const queued = Object.values(status.queues).reduce((a, b) => a + b, 0)
          // A row failed by the outages waits out its back-off and is then retried: not settled.
          const clipsBusy = (yield* c.listClips({})).some(unsettledClip)
          return due.length === 0 && queued === 0 && !clipsBusy && (yield* videosSettled(c))
        })
      ).catch(() => false)
      if (settled) {
        log(`settled in ${Date.now() - settleStart} ms`)
        break
      }
      if (Date.now() > settleDeadline) {
        log("did not settle within 240 s")
        break
      }
      await sleep(500)
    }
    await sleep(1000)
    await killGroup(live.pipeline)

    const leftProcesses = procs.filter((p) => groupAlive(p.pid)).map((p) => `${p.role} group ${p.pid}`)
    // Ours only (tsx keeps its compile cache in TMPDIR too).
    // Every worker start sweeps the scratch directories of gone processes, so none may be left.
    const leftTempDirs = fs.readdirSync(tmp).filter((e) => e.startsWith("heaters-"))
    const killedTempDirs = leftTempDirs.length
    const checked = await runtime.runPromise(checkRun({ reviewerJournal: journals.reviewer, maxRetries: MAX_RETRIES }))
    const failures = await run((_, c) => c.listVideos({ states: SourceVideo.failed })).then(
      (vs) => vs.map((v) => `video ${v.id} ${v.state}: ${v.lastError ?? "(no reason)"}`),
      () => [] as Array<string>
    )
    const violations = [
      ...checked.violations,
      ...leftProcesses.map((p) => `process left: ${p}`),
      ...leftTempDirs.map((d) => `scratch directory of a killed process left: ${d}`)
    ]
    return {
      backend: options.backend,
      kills,
      killsBy,
      stranded,
      recovered: recoverMs.length,
      recoverMs: { p50: percentile(recoverMs, 0.5), max: Math.max(0, ...recoverMs), all: recoverMs },
      videos: submitted,
      videoStates: checked.videoStates,
      clips: checked.clips,
      reviewActions: checked.reviewActions,
      outages,
      failures,
      violations,
      killedTempDirs,
      durationMs: Date.now() - started
    }
  } finally {
    killAll()
    cleanup.forEach((f) => f())
    process.off("SIGINT", onSignal)
    process.off("SIGTERM", onSignal)
    process.off("exit", killAll)
    await runtime?.dispose().catch(() => undefined)
    await Promise.all([cluster?.stop(), s3?.stop()])
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
