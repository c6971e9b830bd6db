/**
 * Hostile titles and keys (the corpus, and the security rule "keys never escape the blob root or
 * the bucket prefix"). Keys: `../`, absolute paths, NUL, backslashes, empty, 10 kB — refused by the
 * local-disk store and by S3 under a prefix, for every operation, and nothing appears outside.
 * Titles from URLs: `../`, absolute paths, NUL and control characters, 10 kB of unicode, empty — the
 * video is ingested, its title cleaned, and its master key stays under `videos/<id>/source/`.
 */
import { ListObjectsV2Command, CreateBucketCommand } from "@aws-sdk/client-s3"
import * as Fs from "@heaters/adapters/fs"
import * as S3 from "@heaters/adapters/s3"
import type { BlobStore } from "@heaters/core"
import { Effect, Either, Stream } from "effect"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:http"
import type { Server } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { S3Server } from "../support/s3rver.js"
import { startS3rver } from "../support/s3rver.js"
import { good } from "./inputs.js"
import type { Embedded } from "./support.js"
import { startEmbedded } from "./support.js"

const hostileKeys = [
  "../escape.txt", "a/../../escape.txt", "a/./b.txt", "/etc/passwd", "/abs.txt", "a//b.txt", "a/b/", "",
  "nul\0byte.txt", "back\\slash.txt", "..\\escape.txt", "C:/windows.txt", "..", ".", "x".repeat(10_000), "ü/../../x.txt"
]

/** Every operation of the port on `key`; each must fail without touching anything. */
const everyOperation = (store: BlobStore.BlobStoreShape, key: string, file: string) => [
  store.put(key, new Uint8Array([1])),
  store.putFile(key, file),
  store.get(key),
  Stream.runDrain(store.stream(key)),
  store.size(key),
  Effect.scoped(store.localPath(key)),
  store.delete([key]),
  store.url(key)
]

let work: string
let s3: S3Server
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "heaters-keys-"))
  s3 = await startS3rver("heaters-keys")
})
afterAll(async () => {
  await s3?.stop()
  rmSync(work, { recursive: true, force: true })
})

describe("blob keys never escape the store", () => {
  it.each(hostileKeys.map((k) => [JSON.stringify(k.length > 40 ? `${k.slice(0, 20)}…(${k.length})` : k), k]))("fs and s3 refuse %s", async (_name, key) => {
    // fs: the root sits next to a sibling directory and inside a parent; nothing may appear there.
    const parent = join(work, `fs-${Math.random().toString(36).slice(2)}`)
    const root = join(parent, "root")
    mkdirSync(join(parent, "sibling"), { recursive: true })
    const file = join(parent, "payload.bin")
    writeFileSync(file, "payload")
    const listing = () => JSON.stringify([readdirSync(parent).sort(), readdirSync(join(parent, "sibling"))])
    const fs = await Effect.runPromise(Effect.scoped(Fs.make({ root })))
    const before = listing()
    for (const op of everyOperation(fs, key, file)) {
      const result = await Effect.runPromise(Effect.either(Effect.scoped(op as Effect.Effect<unknown, BlobStore.BlobError | BlobStore.BlobNotFound>)))
      expect(Either.isLeft(result) && result.left._tag, key).toBe("BlobError")
    }
    expect(listing()).toBe(before)
    expect(readdirSync(root, { recursive: true }).filter((f) => !String(f).startsWith("."))).toEqual([])

    // s3 under a prefix: nothing outside the prefix (nor inside) after every operation.
    const bucket = `k-${Math.random().toString(36).slice(2, 10)}`
    const client = s3.client()
    await client.send(new CreateBucketCommand({ Bucket: bucket }))
    const store = await Effect.runPromise(Effect.scoped(S3.make({ bucket, client, prefix: "tenant/" })))
    for (const op of everyOperation(store, key, file)) {
      const result = await Effect.runPromise(Effect.either(Effect.scoped(op as Effect.Effect<unknown, BlobStore.BlobError | BlobStore.BlobNotFound>)))
      expect(Either.isLeft(result) && result.left._tag, key).toBe("BlobError")
    }
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }))
    expect(listed.Contents ?? []).toEqual([])
  })

  it("an s3 store under a prefix stores, lists and deletes only below it", async () => {
    const client = s3.client()
    await client.send(new CreateBucketCommand({ Bucket: "k-prefix" }))
    const store = await Effect.runPromise(Effect.scoped(S3.make({ bucket: "k-prefix", client, prefix: "tenant/" })))
    const other = await Effect.runPromise(Effect.scoped(S3.make({ bucket: "k-prefix", client, prefix: "other/" })))
    await Effect.runPromise(Effect.all([store.put("videos/1/a.jpg", new Uint8Array([1])), other.put("videos/1/a.jpg", new Uint8Array([2]))]))
    expect(await Effect.runPromise(store.list(""))).toEqual(["videos/1/a.jpg"])
    expect(await Effect.runPromise(store.get("videos/1/a.jpg"))).toEqual(new Uint8Array([1]))
    await Effect.runPromise(store.delete(["videos/1/a.jpg"]))
    const keys = ((await client.send(new ListObjectsV2Command({ Bucket: "k-prefix" }))).Contents ?? []).map((o) => o.Key)
    expect(keys).toEqual(["other/videos/1/a.jpg"])
    // A prefix that would itself escape is refused when the store is built.
    for (const bad of ["../", "/abs/", "no-slash", "a/../"]) {
      const exit = await Effect.runPromiseExit(Effect.scoped(S3.make({ bucket: "k-prefix", client, prefix: bad })))
      expect(exit._tag, bad).toBe("Failure")
    }
  })
})

describe("hostile titles from URLs", () => {
  let h: Embedded
  let server: Server
  let base: string
  let video: Buffer
  beforeAll(async () => {
    video = readFileSync(await good())
    h = await startEmbedded({ pipeline: { maxRetries: 1 }, fetcher: { allowPrivateAddresses: true } })
    server = createServer((req, res) => {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": String(video.length) })
      res.end(req.method === "HEAD" ? undefined : video)
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(async () => {
    server?.closeAllConnections()
    await new Promise((r) => server?.close(r))
    await h?.close()
  })

  const titles: ReadonlyArray<readonly [string, string]> = [
    ["../ in the name", "/..%2F..%2F..%2Fetc%2Fpasswd.mp4"],
    ["an absolute path as the name", "/%2Fetc%2Fshadow.mp4"],
    ["NUL and control characters", "/a%00b%1B%5B31mred%07%0D%0Aline.mp4"],
    ["1 200 characters of unicode (emoji, accents, CJK)", `/${encodeURIComponent("🎬é中".repeat(140))}.mp4`],
    ["empty name", "/.mp4"],
    ["quotes and SQL", `/${encodeURIComponent("x'); DROP TABLE source_videos; --")}.mp4`],
    ["bidi override", `/${encodeURIComponent("abc\u202Egpj.exe")}.mp4`]
  ]
  it.each(titles)("%s", async (_kind, path) => {
    const v = await h.run(h.heaters.submit(`${base}${path}`))
    await h.run(h.heaters.drain)
    const after = await h.run(h.heaters.video(v.id))
    expect(after.state, after.lastError ?? "").toBe("spliced")
    expect(after.title.length).toBeGreaterThan(0)
    expect(Array.from(after.title).length).toBeLessThanOrEqual(250)
    expect(after.title).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
    expect(after.title).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/) // no half surrogate pair
    expect(after.masterKey).toMatch(new RegExp(`^videos/${v.id}/source/[A-Za-z0-9_.-]+\\.mp4$`))
    expect(after.masterKey).not.toContain("..")
  }, 60_000)

  it("10 kB of unicode in a URL is refused at submit with UnsupportedSource", async () => {
    const result = await h.run(Effect.either(h.heaters.submit(`${base}/${encodeURIComponent("🎬é中".repeat(1200))}.mp4`)))
    expect(Either.isLeft(result) && result.left).toMatchObject({ _tag: "UnsupportedSource", reason: "longer than 4096 characters" })
  })
})
