import { MemoryBlobStore, MemoryFiles } from "@heaters/adapters/memory"
import { Effect, Layer } from "effect"
import { blobSuite } from "./blob.js"

blobSuite("memory", () => MemoryBlobStore.layer().pipe(Layer.provideMerge(MemoryFiles.layer)), {
  write: (bytes) => Effect.map(MemoryFiles.Files, (files) => {
    const path = files.temp(".bin")
    files.write(path, bytes)
    return path
  }),
  read: (path) => Effect.flatMap(MemoryFiles.Files, (files) => Effect.fromNullable(files.read(path)))
})
