/**
 * Benchmark dispatcher: `npm run bench -- <name> [args…]` runs `bench/<name>.ts`'s `main(args)`.
 * Add a benchmark by adding one line to `benchmarks`.
 *
 * Under plain tsx the workspace packages would resolve to their (unbuilt) dist/, so
 * scripts/register-sources.mjs maps them to their TypeScript sources first.
 */
const benchmarks: Record<string, { readonly summary: string; readonly load: () => Promise<{ main: (args: ReadonlyArray<string>) => Promise<unknown> }> }> = {
  media: { summary: "ffmpeg adapter: decode ratios (detection, sprites, ingest) + detector accuracy", load: () => import("./media.js") },
  store: { summary: "SQLite/Postgres review latency + queue throughput", load: () => import("./store.js") },
  embed: { summary: "ONNX CLIP adapter vs a bare onnxruntime loop (ViT-B/32-sized generated model)", load: () => import("./embed.js") },
  search: { summary: "vector search p50/p99 + recall@10: SQLite in-process index, Postgres HNSW", load: () => import("./search.js") },
  long: { summary: "peak RSS and time of ingesting a 2-hour video (normalise + pass + every sheet)", load: () => import("./long.js") }
}

// @ts-expect-error a plain .mjs helper without type declarations
const { registerSources } = await import("../scripts/register-sources.mjs")
await registerSources()

const [name, ...args] = process.argv.slice(2)
const bench = name === undefined ? undefined : benchmarks[name]
if (bench === undefined) {
  process.stderr.write(`usage: npm run bench -- <name> [args]\n\n${Object.entries(benchmarks).map(([n, b]) => `  ${n.padEnd(8)} ${b.summary}`).join("\n")}\n`)
  process.exitCode = name === undefined ? 0 : 2
} else {
  await (await bench.load()).main(args)
}
