/**
 * vitest globalSetup: the `heaters` CLI as one ES module (esbuild, workspace sources inlined,
 * packages external), built once per run. Tests that start the CLI many times run it in plain Node
 * instead of compiling the TypeScript sources through tsx at every start (≈ 1.6 s instead of
 * ≈ 2.8 s a start here). `test/support/cli.ts` reads its path from `HEATERS_TEST_CLI`; one test
 * still runs the real `bin/heaters.mjs` from the sources (`test/cli/help.test.ts`).
 */
import { execFileSync } from "node:child_process"
import { mkdirSync, rmSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../..", import.meta.url))
// Under node_modules, so the bundle's package imports resolve.
const out = join(root, "node_modules", ".cache", "heaters-cli", `cli-${process.pid}.mjs`)

export const setup = () => {
  mkdirSync(join(out, ".."), { recursive: true })
  const external = ["better-sqlite3", "@aws-sdk/*", "s3rver", "execa", "effect", "@effect/*", "pg", "undici", "onnxruntime-node", "sharp", "@huggingface/*"]
  execFileSync(join(root, "node_modules", ".bin", "esbuild"), [
    join(root, "packages/examples/src/cli/main.ts"), "--bundle", "--platform=node", "--format=esm", "--target=node20",
    `--tsconfig=${join(root, "test/support/tsconfig.json")}`, ...external.map((p) => `--external:${p}`), `--outfile=${out}`, "--log-level=warning"
  ])
  process.env["HEATERS_TEST_CLI"] = out
}

export const teardown = () => rmSync(out, { force: true })
