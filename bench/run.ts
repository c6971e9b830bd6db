/**
 * Benchmark dispatcher: `npm run bench -- <name> [args…]` runs `bench/<name>.ts`'s `main(args)`.
 * Add a benchmark by adding one line to `benchmarks`.
 *
 * Under plain tsx the workspace packages would resolve to their (unbuilt) dist/, so a resolve hook
 * maps `@heaters/core` and `@heaters/adapters/<name>` to their TypeScript sources first.
 */
import { register } from "node:module"

const benchmarks: Record<string, { readonly summary: string; readonly load: () => Promise<{ main: (args: ReadonlyArray<string>) => Promise<unknown> }> }> = {
  media: { summary: "ffmpeg adapter: decode ratios (detection, sprites, ingest) + detector accuracy", load: () => import("./media.js") },
  store: { summary: "SQLite/Postgres review latency + queue throughput", load: () => import("./store.js") },
  search: { summary: "vector search p50/p99 + recall@10: SQLite in-process index, Postgres HNSW", load: () => import("./search.js") }
}

const core = new URL("../packages/core/src/index.ts", import.meta.url).href
const adapters = new URL("../packages/adapters/src/", import.meta.url).href
register(`data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === "@heaters/core") return next(${JSON.stringify(core)}, context)
  const m = /^@heaters\\/adapters\\/([\\w-]+)$/.exec(specifier)
  if (m) return next(${JSON.stringify(adapters)} + m[1] + "/index.ts", context)
  return next(specifier, context)
}`)}`)

const [name, ...args] = process.argv.slice(2)
const bench = name === undefined ? undefined : benchmarks[name]
if (bench === undefined) {
  process.stderr.write(`usage: npm run bench -- <name> [args]\n\n${Object.entries(benchmarks).map(([n, b]) => `  ${n.padEnd(8)} ${b.summary}`).join("\n")}\n`)
  process.exitCode = name === undefined ? 0 : 2
} else {
  await (await bench.load()).main(args)
}
