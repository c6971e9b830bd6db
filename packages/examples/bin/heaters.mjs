#!/usr/bin/env node
// The `heaters` CLI. Runs the built CLI (dist/cli.js) when present; from a clean checkout (no build)
// it runs the TypeScript sources through tsx.
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"

const here = (p) => new URL(p, import.meta.url)
const dist = here("../dist/cli.js")

let entry = dist.href
if (!existsSync(fileURLToPath(dist))) {
  const { registerSources } = await import(here("../../../scripts/register-sources.mjs").href)
  await registerSources()
  entry = here("../src/cli/main.ts").href
}

const { main } = await import(entry)
process.exitCode = await main(process.argv.slice(2))
