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
    // Fails the run when a test leaves a process or a temp file behind (docs/RELIABILITY.md).
    globalSetup: ["test/support/leak-check.ts", "test/support/cli-bundle.ts"]
  }
})
