/**
 * vitest globalSetup: the `heaters` CLI bundled with esbuild (workspace sources and the Effect
 * packages inlined and tree-shaken; native modules and the lazily loaded AWS SDK left as packages),
 * built once per run. Tests that start the CLI many times run it in plain Node: ≈ 0.9 s a start
 * here, where the sources through tsx take ≈ 3 s and a bundle that loads Effect's ESM files from
 * node_modules ≈ 2 s (Node 20 compiles every one of them at start). `test/support/cli.ts` reads
 * its path from `HEATERS_TEST_CLI`; one test still runs the real `bin/heaters.mjs` from the sources
 * (`test/cli/help.test.ts`).
 */
import { execFileSync } from "node:child_process"
import { rmSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../..", import.meta.url))
// Under node_modules, so the bundle's package imports resolve.
const out = join(root, "node_modules", ".cache", "heaters-cli", `cli-${process.pid}`)

export const setup = () => {
  const external = ["better-sqlite3", "onnxruntime-node", "sharp", "@heaters/sheet-jpeg", "pg-native", "s3rver", "@aws-sdk/*", "@huggingface/*"]
  execFileSync(join(root, "node_modules", ".bin", "esbuild"), [
    join(root, "packages/examples/src/cli/main.ts"), "--bundle", "--platform=node", "--format=esm", "--target=node20",
    // Chunks, so the adapters the CLI imports on demand (Postgres, S3) still load only when used.
    "--splitting", `--outdir=${out}`, "--minify",
    // The inlined CommonJS packages (pg) call require, which an ES module lacks.
    "--banner:js=import { createRequire as heatersRequire } from 'node:module'; const require = heatersRequire(import.meta.url);",
    `--tsconfig=${join(root, "test/support/tsconfig.json")}`, ...external.map((p) => `--external:${p}`), "--log-level=warning"
  ])
  process.env["HEATERS_TEST_CLI"] = join(out, "main.js")
}

export const teardown = () => rmSync(out, { recursive: true, force: true })
