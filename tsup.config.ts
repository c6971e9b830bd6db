import { readdirSync, existsSync } from "node:fs"
import { defineConfig } from "tsup"

// One entry per public subpath: the core's index and every adapter folder with an index.ts.
const adapters = readdirSync("packages/adapters/src", { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`packages/adapters/src/${d.name}/index.ts`))
  .map((d) => d.name)

const common = {
  format: ["esm", "cjs"] as Array<"esm" | "cjs">,
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  external: [/^@heaters\//, /^@effect\//, "effect", /^@aws-sdk\//, "better-sqlite3", "execa", "onnxruntime-node", "sharp", "@huggingface/tokenizers", "ffmpeg-static"]
}

export default defineConfig([
  { ...common, entry: { index: "packages/core/src/index.ts" }, outDir: "packages/core/dist" },
  {
    ...common,
    entry: Object.fromEntries(adapters.map((name) => [`${name}/index`, `packages/adapters/src/${name}/index.ts`])),
    outDir: "packages/adapters/dist"
  },
  {
    ...common,
    dts: false,
    entry: { cli: "packages/examples/src/cli/main.ts" },
    outDir: "packages/examples/dist"
  }
])
