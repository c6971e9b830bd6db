#!/usr/bin/env node
// docs/architecture.md#rule-1-the-core-is-pure: packages/core imports nothing but `effect` (and its own modules).
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"

const files = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name)
  return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : []
})

const offenders = files("packages/core/src").flatMap((file) =>
  // Comments may show imports (JSDoc examples); only code counts.
  [...readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)]
    .map((m) => m[1])
    .filter((spec) => !spec.startsWith(".") && spec !== "effect" && !spec.startsWith("effect/"))
    .map((spec) => `${file}: ${spec}`)
)
if (offenders.length > 0) {
  console.error(`packages/core must import only effect:\n${offenders.join("\n")}`)
  process.exit(1)
}
console.log("packages/core imports only effect")
