/**
 * The BlobStore conformance suite: round trips, files in and out, streams with ranges, listing,
 * delete-many with missing keys, missing objects, and key containment.
 */
import { it } from "@effect/vitest"
import { BlobStore } from "@heaters/core"
import type { Layer, Scope } from "effect"
import { Chunk, Effect, Either, Option, Stream } from "effect"
import { describe, expect } from "vitest"

/** How a suite reaches the "local files" a store reads from and writes to. */
export interface LocalFiles<X> {
  readonly write: (bytes: Uint8Array) => Effect.Effect<string, unknown, X | Scope.Scope>
  readonly read: (path: string) => Effect.Effect<Uint8Array, unknown, X>
}

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) % 251)
const collect = (s: Stream.Stream<Uint8Array, unknown>) =>
  Effect.map(Stream.runCollect(s), (chunks) => Buffer.concat(Chunk.toArray(chunks)))

export const blobSuite = <X>(name: string, makeLayer: () => Layer.Layer<BlobStore.BlobStore | X, unknown>, local: LocalFiles<X>) =>
  describe(`BlobStore conformance: ${name}`, () => {
    const test = (title: string, body: Effect.Effect<void, unknown, BlobStore.BlobStore | X | Scope.Scope>) =>
      it.live(title, () => Effect.scoped(Effect.provide(body, makeLayer())) as Effect.Effect<void, unknown>)

    test("put / get / size / overwrite round trip", Effect.gen(function*() {
      const store = yield* BlobStore.BlobStore
      const data = bytes(70_000)
      yield* store.put("videos/1/clips/2/sprite.jpg", data, "image/jpeg")
      expect(Buffer.from(yield* store.get("videos/1/clips/2/sprite.jpg")).equals(Buffer.from(data))).toBe(true)
      expect(yield* store.size("videos/1/clips/2/sprite.jpg")).toEqual(Option.some(70_000))
      yield* store.put("videos/1/clips/2/sprite.jpg", bytes(10, 7))
      expect(Array.from(yield* store.get("videos/1/clips/2/sprite.jpg"))).toEqual(Array.from(bytes(10, 7)))
      yield* store.put("empty.bin", new Uint8Array(0))
      expect((yield* store.get("empty.bin")).length).toBe(0)
      expect(yield* store.size("nothing/here.bin")).toEqual(Option.none())
    }))

    test("putFile uploads a local file; localPath holds the object while the scope is open", Effect.gen(function*() {
      const store = yield* BlobStore.BlobStore
      const data = bytes(300_000, 3)
      const source = yield* local.write(data)
      yield* store.putFile("videos/9/source/master.mp4", source, "video/mp4")
      expect(yield* store.size("videos/9/source/master.mp4")).toEqual(Option.some(300_000))
      const copy = yield* Effect.scoped(Effect.flatMap(store.localPath("videos/9/source/master.mp4"), local.read))
      expect(Buffer.from(copy).equals(Buffer.from(data))).toBe(true)
      const missing = yield* Effect.either(Effect.scoped(store.localPath("videos/9/none.mp4")))
      expect(Either.isLeft(missing) && missing.left._tag).toBe("BlobNotFound")
    }))

    test("stream: whole object and byte ranges (end inclusive)", Effect.gen(function*() {
      const store = yield* BlobStore.BlobStore
      const data = bytes(200_000, 5)
      yield* store.put("a/b.bin", data)
      expect((yield* collect(store.stream("a/b.bin"))).equals(Buffer.from(data))).toBe(true)
      expect((yield* collect(store.stream("a/b.bin", { start: 10, end: 19 }))).equals(Buffer.from(data.subarray(10, 20)))).toBe(true)
      expect((yield* collect(store.stream("a/b.bin", { start: 199_990 }))).equals(Buffer.from(data.subarray(199_990)))).toBe(true)
      const missing = yield* Effect.either(collect(store.stream("a/missing.bin")))
      expect(Either.isLeft(missing) && (missing.left as { _tag: string })._tag).toBe("BlobNotFound")
      const gone = yield* Effect.either(store.get("a/missing.bin"))
      expect(Either.isLeft(gone) && gone.left._tag).toBe("BlobNotFound")
    }))

    test("list by prefix; delete many, missing keys are not errors", Effect.gen(function*() {
      const store = yield* BlobStore.BlobStore
      const keys = ["videos/1/clips/1/sprite.jpg", "videos/1/clips/1/keyframes/25pct.jpg", "videos/1/clips/2/sprite.jpg", "videos/10/x.jpg"]
      yield* Effect.forEach(keys, (k, i) => store.put(k, bytes(5, i)), { discard: true })
      expect(yield* store.list("videos/1/")).toEqual([keys[1], keys[0], keys[2]])
      expect(yield* store.list("videos/1/clips/1/")).toEqual([keys[1], keys[0]])
      expect(yield* store.list("nope/")).toEqual([])
      yield* store.delete([keys[0]!, keys[1]!, "videos/1/never-existed.jpg"])
      expect(yield* store.list("videos/")).toEqual([keys[2], keys[3]])
      yield* store.delete([])
      const gone = yield* Effect.either(store.get(keys[0]!))
      expect(Either.isLeft(gone) && gone.left._tag).toBe("BlobNotFound")
    }))

    test("keys cannot escape: '..', absolute, leading '/', empty segments are BlobError", Effect.gen(function*() {
      const store = yield* BlobStore.BlobStore
      const bad = ["../outside.txt", "a/../../outside.txt", "/etc/passwd", "a//b", "./a", "", "a\\..\\b"]
      for (const key of bad) {
        const put = yield* Effect.either(store.put(key, bytes(3)))
        expect(Either.isLeft(put) && put.left._tag).toBe("BlobError")
        const get = yield* Effect.either(store.get(key))
        expect(Either.isLeft(get) && get.left._tag).toBe("BlobError")
      }
      const del = yield* Effect.either(store.delete(["ok/key", "../x"]))
      expect(Either.isLeft(del) && del.left._tag === "BlobError" && del.left.keys).toEqual(["../x"])
      yield* store.put("with space/é.txt", bytes(3))
      expect(yield* store.url("with space/é.txt")).toMatch(/with(%20| )space\/(%C3%A9|é)\.txt/)
    }))
  })
