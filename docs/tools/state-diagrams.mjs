#!/usr/bin/env node
// Regenerates the Mermaid diagrams in docs/state-machines.md from the transition tables in
// packages/core/src/domain/{SourceVideo,Clip}.ts — one arrow per (from state, rule), nothing else.
// `node docs/tools/state-diagrams.mjs` rewrites the doc; `--check` exits 1 when it is out of date.
import { readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
const domain = join(root, "packages", "core", "src", "domain")
const docPath = join(root, "docs", "state-machines.md")

const diagram = (file) => {
  const src = readFileSync(join(domain, file), "utf8")
  const consts = {}
  for (const m of src.matchAll(/export const (\w+): ReadonlyArray<State> = \[([^\]]*)\]/g)) {
    consts[m[1]] = [...m[2].matchAll(/"(\w+)"/g)].map((x) => x[1])
  }
  const table = src.slice(src.indexOf("StateMachine.make"))
  const lines = ["stateDiagram-v2"]
  for (const m of table.matchAll(/\{ from: (\[[^\]]*\]|\w+), event: "(\w+)", to: "(\w+)" \}/g)) {
    const from = m[1].startsWith("[") ? [...m[1].matchAll(/"(\w+)"/g)].map((x) => x[1]) : consts[m[1]]
    if (from === undefined) throw new Error(`${file}: unknown constant ${m[1]}`)
    for (const f of from) lines.push(`    ${f} --> ${m[3]}: ${m[2]}`)
  }
  return lines.join("\n")
}

const doc = readFileSync(docPath, "utf8")
const next = [
  ["source-video", "SourceVideo.ts"],
  ["clip", "Clip.ts"]
].reduce((text, [name, file]) => {
  const re = new RegExp(`(<!-- diagram:${name} -->\\n\`\`\`mermaid\\n)[^\`]*?(\`\`\`)`)
  if (!re.test(text)) throw new Error(`docs/state-machines.md: marker diagram:${name} missing`)
  return text.replace(re, `$1${diagram(file)}\n$2`)
}, doc)

if (process.argv.includes("--check")) {
  if (next !== doc) {
    console.error("docs/state-machines.md is out of date: run node docs/tools/state-diagrams.mjs")
    process.exit(1)
  }
} else writeFileSync(docPath, next)
