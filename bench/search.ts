/**
 * Search benchmark (`npm run bench -- search [sqliteSizes] [pgSize]`, e.g. `search 10000,100000 200000`):
 * p50/p99 latency and recall@10 against exact cosine ranking, through the Search port, on
 * synthetic CLIP-like 512-d vectors (test/support/vectors.ts). SQLite: the in-process index on a
 * temp file. Postgres: a throw-away cluster, vectors bulk-loaded, then the HNSW index built (its
 * build time reported). Writes the "search" section of bench/RESULTS-search.md.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { SqlClient } from "@effect/sql"
import * as Postgres from "@heaters/adapters/postgres"
import * as Sqlite from "@heaters/adapters/sqlite"
import { Ids, Search } from "@heaters/core"
import type { Layer } from "effect"
import { Effect } from "effect"
import { startCluster } from "../test/support/postgres.js"
import { clustered, exactTop, load, row, seeded } from "../test/support/vectors.js"

const dim = 512
const model = "openai/clip-vit-base-patch32"
const strategy = "keyframe_multi_avg"
const videos = 100
const filters = { modelName: model, generationStrategy: strategy }

interface Result {
  readonly store: string
  readonly n: number
  readonly kind: string
  readonly p50: number
  readonly p99: number
  readonly cpu50: number
  readonly cpu99: number
  readonly recall: number
  readonly note: string
}

const pct = (xs: Array<number>, p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!

type Kind = "similar" | "text-like" | "one video"

/** Times `queries` searches of one kind and measures recall@10 of the first `checked`. */
const measure = (search: Search.SearchShape, data: Float32Array, kind: Kind, queries: number, checked: number) =>
  Effect.gen(function*() {
    const n = data.length / dim
    const random = seeded(kind.length * 7919)
    const times: Array<number> = []
    const cpu: Array<number> = []
    let hits = 0
    let total = 0
    // "text-like": a new vector from a shifted direction (text embeddings sit apart from images).
    const shift = clustered({ n: 1, dim, seed: 99, noise: 0.01 })
    for (let q = 0; q < queries; q++) {
      const i = Math.floor(random() * n)
      const vector = kind === "text-like" ? Array.from(row(data, dim, i), (x, d) => x + 0.6 * shift[d]!) : Array.from(row(data, dim, i))
      const video = (i % videos) + 1
      const started = performance.now()
      const cpuStarted = process.cpuUsage()
      const got = kind === "similar"
        ? yield* search.similar({ ...filters, clipId: Ids.unsafe.clip(i + 1), order: "nearest", page: 1, pageSize: 10 })
        : yield* search.nearest({ ...filters, vector, order: "nearest", page: 1, pageSize: 10, ...(kind === "one video" ? { sourceVideoId: Ids.unsafe.video(video) } : {}) })
      times.push(performance.now() - started)
      const used = process.cpuUsage(cpuStarted)
      cpu.push((used.user + used.system) / 1000)
      if (q < checked) {
        const truth = new Set(exactTop(data, dim, vector, 10, kind === "similar" ? i : -1, kind === "one video" ? (j) => (j % videos) + 1 === video : undefined).map((j) => j + 1))
        hits += got.filter((m) => truth.has(m.clipId)).length
        total += truth.size
      }
    }
    return { p50: pct(times, 0.5), p99: pct(times, 0.99), cpu50: pct(cpu, 0.5), cpu99: pct(cpu, 0.99), recall: total === 0 ? 0 : hits / total }
  })

const kinds: ReadonlyArray<Kind> = ["similar", "text-like", "one video"]

const sqliteRun = (n: number) =>
  Effect.scoped(
    Effect.gen(function*() {
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "heaters-bench-search-"))),
        (d) => Effect.sync(() => fs.rmSync(d, { recursive: true, force: true }))
      )
      const layer: Layer.Layer<Search.Search | SqlClient.SqlClient, unknown> = Sqlite.layer({ filename: path.join(dir, "heaters.db") })
      return yield* Effect.provide(
        Effect.gen(function*() {
          const data = clustered({ n, dim })
          yield* Effect.flatMap(SqlClient.SqlClient, (sql) => load(sql, "sqlite", data, dim, { model, strategy, videos }))
          const search = yield* Search.Search
          const started = performance.now()
          yield* search.similar({ ...filters, clipId: Ids.unsafe.clip(1), order: "nearest", page: 1, pageSize: 10 })
          const build = performance.now() - started
          const rss = process.memoryUsage().rss / 2 ** 20
          const results: Array<Result> = []
          for (const kind of kinds) {
            yield* measure(search, data, kind, 20, 0) // warm-up
            const m = yield* measure(search, data, kind, 200, 100)
            results.push({ store: "SQLite (in-process index)", n, kind, ...m, note: `index built in ${(build / 1000).toFixed(1)} s on first query; process RSS ${rss.toFixed(0)} MiB` })
          }
          return results
        }),
        layer
      )
    })
  )

const pgRun = (n: number) =>
  Effect.gen(function*() {
    const cluster = yield* Effect.acquireRelease(Effect.promise(() => startCluster()), (c) => Effect.promise(() => c.stop()))
    const url = yield* Effect.promise(() => cluster.freshDatabase())
    // No index while loading (building once is far faster than growing it row by row).
    const layer = Postgres.layer({ url, vectorIndexes: [] })
    return yield* Effect.provide(
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const data = clustered({ n, dim })
        let started = performance.now()
        yield* load(sql, "pg", data, dim, { model, strategy, videos })
        const loadSeconds = (performance.now() - started) / 1000
        yield* sql`DROP INDEX IF EXISTS embeddings_hnsw_dim_512`
        started = performance.now()
        yield* Effect.scoped(
          Effect.gen(function*() {
            const conn = yield* sql.reserve
            yield* conn.executeRaw(`SET maintenance_work_mem = '4GB'`, [])
            yield* conn.executeRaw(`SET max_parallel_maintenance_workers = 1`, [])
            yield* conn.executeRaw(Postgres.vectorIndexStatement({ dim }), [])
          })
        )
        const build = (performance.now() - started) / 1000
        yield* sql`ANALYZE embeddings`
        yield* sql`ANALYZE clips`
        const results: Array<Result> = []
        for (const ef of [40, 100]) {
          const search = yield* Effect.provide(Search.Search, Postgres.layerFromClient({ vectorIndexes: [], search: { efSearch: ef } }))
          for (const kind of kinds) {
            yield* measure(search, data, kind, 20, 0)
            const m = yield* measure(search, data, kind, 200, 100)
            results.push({ store: `Postgres 15 + pgvector 0.8 HNSW (ef_search ${ef})`, n, kind, ...m, note: `load ${loadSeconds.toFixed(0)} s, HNSW build ${build.toFixed(0)} s (m 16, ef_construction 64)` })
          }
        }
        return results
      }),
      layer
    )
  }).pipe(Effect.scoped)

const table = (rows: ReadonlyArray<Result>) =>
  [
    "| store | vectors | query | p50 ms | p99 ms | CPU p50 / p99 ms | recall@10 | notes |",
    "|---|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.store} | ${r.n.toLocaleString("en")} | ${r.kind} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.cpu50.toFixed(1)} / ${r.cpu99.toFixed(1)} | ${r.recall.toFixed(3)} | ${r.note} |`)
  ].join("\n")

/** Replaces the `## search` section of the results file (other sections stay). */
const writeSection = (file: string, body: string) => {
  const old = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Search and embedding benchmark results\n"
  const start = old.search(/^## search\b/m)
  const section = `## search\n\n${body}\n`
  if (start < 0) return fs.writeFileSync(file, `${old.trimEnd()}\n\n${section}`)
  const rest = old.slice(start + 3).search(/^## /m)
  fs.writeFileSync(file, old.slice(0, start) + section + (rest < 0 ? "" : `\n${old.slice(start + 3 + rest)}`))
}

export const main = async (args: ReadonlyArray<string>) => {
  const sqliteSizes = (args[0] ?? "10000,100000").split(",").map(Number).filter((x) => x > 0)
  const pgSize = Number(args[1] ?? 200000)
  const startedAt = new Date()
  const load1 = os.loadavg()[0]!.toFixed(1)
  const rows: Array<Result> = []
  for (const n of sqliteSizes) {
    rows.push(...(await Effect.runPromise(sqliteRun(n))))
    process.stderr.write(`${table(rows)}\n`)
  }
  if (pgSize > 0) {
    rows.push(...(await Effect.runPromise(pgRun(pgSize))))
    process.stderr.write(`${table(rows)}\n`)
  }
  const body = [
    `Run ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC: \`npm run bench -- search ${sqliteSizes.join(",")} ${pgSize}\`, ${os.cpus().length} cores,`,
    `Node ${process.version}, load average ${load1} at start and ${os.loadavg()[0]!.toFixed(1)} at the end (the machine is shared).`,
    "",
    `Data: ${dim}-d unit vectors, CLIP-like (shared direction + clusters of 50; random pair cosine ≈ 0.44,`,
    "same cluster ≈ 0.75), 100 source videos round-robin. 200 timed queries per row after 20 warm-up",
    "ones, through the Search port; recall@10 of the first 100 against exact cosine ranking in process.",
    "CPU = this process's user + system time per query (what the query costs without waiting for a core;",
    "for Postgres only the client side — the server's work shows in wall time alone).",
    "*similar* = a stored clip's neighbours; *text-like* = a vector not in the set, shifted off the image",
    "cluster (as a text query is); *one video* = text-like restricted to one of 100 videos (1 % of rows).",
    "",
    table(rows)
  ].join("\n")
  writeSection(new URL("./RESULTS-search.md", import.meta.url).pathname, body)
  process.stdout.write(`${body}\n`)
}
