import { availableParallelism } from "node:os"
import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@heaters\/core$/, replacement: src("./packages/core/src/index.ts") },
      { find: /^@heaters\/core\/pipeline$/, replacement: src("./packages/core/src/pipeline.ts") },
      { find: /^@heaters\/adapters\/(.*)$/, replacement: src("./packages/adapters/src/$1/index.ts") }
    ]
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // vitest's default is one file per core but one, which runs a 2-core CI machine's suite one
    // file at a time although most files wait on child processes (ffmpeg, servers, the CLI):
    // two at a time took it from 1076 s to 863 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Fails the run when a test leaves a process or a temp file behind (docs/RELIABILITY.md).
    globalSetup: ["test/support/leak-check.ts", "test/support/cli-bundle.ts"]
  }
})
