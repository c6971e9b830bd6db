/** Real local files for the fs and S3 blob suites (scoped temp files). */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Effect } from "effect"
import type { LocalFiles } from "./blob.js"

export const tempDir = (prefix: string) =>
  Effect.acquireRelease(
    Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), prefix))),
    (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
  )

export const nodeFiles: LocalFiles<never> = {
  write: (bytes) =>
    Effect.map(tempDir("heaters-local-"), (dir) => {
      const file = path.join(dir, "file.bin")
      fs.writeFileSync(file, bytes)
      return file
    }),
  read: (file) => Effect.promise(() => fs.promises.readFile(file)).pipe(Effect.map((b) => new Uint8Array(b)))
}
