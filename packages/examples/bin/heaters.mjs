#!/usr/bin/env node
// The `heaters` CLI. Runs the built CLI (dist/cli.js) when present; from a clean checkout (no build)
// it runs the TypeScript sources through tsx, mapping @heaters/* imports to the workspace sources.
import { existsSync } from "node:fs"
import { register } from "node:module"
import { fileURLToPath, pathToFileURL } from "node:url"

const here = (p) => new URL(p, import.meta.url)
const dist = here("../dist/cli.js")

let entry
if (existsSync(fileURLToPath(dist))) {
  entry = dist.href
} else {
  // Our resolve hook: the packages' "import" exports point at dist/, which a checkout lacks.
  const core = here("../../core/src/index.ts").href
  const adapters = here("../../adapters/src/").href
  const hooks = `
    export async function resolve(specifier, context, next) {
      if (specifier === "@heaters/core") return next(${JSON.stringify(core)}, context)
      const m = /^@heaters\\/adapters\\/([\\w-]+)$/.exec(specifier)
      if (m) return next(${JSON.stringify(adapters)} + m[1] + "/index.ts", context)
      return next(specifier, context)
    }`
  const { register: registerTsx } = await import("tsx/esm/api")
  registerTsx()
  register(`data:text/javascript,${encodeURIComponent(hooks)}`)
  entry = pathToFileURL(fileURLToPath(here("../src/cli/main.ts"))).href
}

const { main } = await import(entry)
process.exitCode = await main(process.argv.slice(2))
