import { existsSync, readdirSync } from "node:fs"
import { defineConfig, type Options } from "tsup"

// One entry per public subpath: the core's index and pipeline, and every adapter folder with an index.ts.
const adapters = readdirSync("packages/adapters/src", { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`packages/adapters/src/${d.name}/index.ts`))
  .map((d) => d.name)

const common: Options = {
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "node20",
  // Every package is a peer (or our own): the host's single copy is used, never a bundled one.
  external: [/^@heaters\//, /^@effect\//, "effect", /^@aws-sdk\//, "better-sqlite3", "execa", "onnxruntime-node", "ffmpeg-static", "sharp", /^@huggingface\//]
}

const packages: Array<Options> = [
  { ...common, entry: { index: "packages/core/src/index.ts", pipeline: "packages/core/src/pipeline.ts" }, outDir: "packages/core/dist", tsconfig: "packages/core/tsconfig.json" },
  {
    ...common,
    entry: Object.fromEntries(adapters.map((name) => [`${name}/index`, `packages/adapters/src/${name}/index.ts`])),
    outDir: "packages/adapters/dist"
  }
]

// The CLI's build is skipped when only the publishable packages are wanted (the consumer test).
const cli: Options = { ...common, dts: false, entry: { cli: "packages/examples/src/cli/main.ts" }, outDir: "packages/examples/dist" }

export default defineConfig(process.env.HEATERS_BUILD === "packages" ? packages : [...packages, cli])
