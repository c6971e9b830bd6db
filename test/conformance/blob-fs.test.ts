import * as fs from "node:fs"
import * as path from "node:path"
import * as Fs from "@heaters/adapters/fs"
import { it } from "@effect/vitest"
import { BlobStore } from "@heaters/core"
import { Effect, Layer } from "effect"
import { describe, expect } from "vitest"
import { blobSuite } from "./blob.js"
import { nodeFiles, tempDir } from "./localFiles.js"

const fresh = (baseUrl?: string) => Layer.unwrapScoped(Effect.map(tempDir("heaters-fs-"), (root) => Fs.layer({ root, baseUrl })))

blobSuite("fs", () => fresh(), nodeFiles)

describe("fs BlobStore specifics", () => {
  it.scoped("no temp files left behind, localPath is the file itself, url uses the base URL, failed writes leave nothing", () =>
    Effect.gen(function*() {
      const root = yield* tempDir("heaters-fs-")
      const store = yield* Fs.make({ root, baseUrl: "http://localhost:3000/blobs/" })
      yield* store.put("videos/1/a.bin", new Uint8Array([1, 2, 3]))
      expect(yield* store.localPath("videos/1/a.bin")).toBe(path.join(path.resolve(root), "videos/1/a.bin"))
      expect(fs.readdirSync(path.join(root, "videos/1"))).toEqual(["a.bin"])
      expect(yield* store.url("videos/1/a.bin")).toBe("http://localhost:3000/blobs/videos/1/a.bin")
      const escape = yield* Effect.either(store.put("videos/../../x", new Uint8Array([1])))
      expect(escape._tag).toBe("Left")
      expect(fs.existsSync(path.join(root, "..", "x"))).toBe(false)
      const failing = yield* Effect.either(store.putFile("videos/1/b.bin", path.join(root, "no-such-file")))
      expect(failing._tag === "Left" && failing.left._tag).toBe("BlobError")
      expect(fs.readdirSync(path.join(root, "videos/1"))).toEqual(["a.bin"])
    }))

  it.effect("layer provides the BlobStore tag", () =>
    Effect.gen(function*() {
      const store = yield* BlobStore.BlobStore
      expect(yield* store.list("")).toEqual([])
    }).pipe(Effect.provide(fresh())))
})
