import { CreateBucketCommand, DeleteObjectsCommand, S3Client } from "@aws-sdk/client-s3"
import * as S3 from "@heaters/adapters/s3"
import { it } from "@effect/vitest"
import { Effect, Either, Layer } from "effect"
import { afterAll, beforeAll, describe, expect } from "vitest"
import type { S3Server } from "../support/s3rver.js"
import { startS3rver } from "../support/s3rver.js"
import { blobSuite } from "./blob.js"
import { nodeFiles } from "./localFiles.js"

let server: S3Server
beforeAll(async () => {
  server = await startS3rver()
})
afterAll(() => server?.stop())

let buckets = 0
/** A fresh bucket per test (a directory for s3rver, so cheap): the suite lists from the root. */
const fresh = (prefix?: string) =>
  Layer.unwrapEffect(
    Effect.gen(function*() {
      const bucket = `t-${process.pid}-${++buckets}`
      const client = server.client()
      yield* Effect.promise(() => client.send(new CreateBucketCommand({ Bucket: bucket })))
      return S3.layer({ bucket, client, ...(prefix === undefined ? {} : { prefix }) })
    })
  )

blobSuite("s3 (s3rver)", () => fresh(), nodeFiles)
// The same contract for a store that lives under a prefix of its bucket.
blobSuite("s3 (s3rver) under a prefix", () => fresh("tenant-a/heaters/"), nodeFiles)

describe("s3 BlobStore specifics", () => {
  it.scoped("list pages past S3's 1000 keys a response (the chaos run's store holds thousands)", () =>
    Effect.gen(function*() {
      const store = yield* S3.make({ bucket: server.bucket, client: server.client() })
      const keys = Array.from({ length: 1050 }, (_, i) => `many/${String(i).padStart(4, "0")}.jpg`)
      yield* Effect.forEach(keys, (k) => store.put(k, new Uint8Array([1])), { concurrency: 16, discard: true })
      expect(yield* store.list("many/")).toEqual(keys)
      yield* store.delete(keys)
      expect(yield* store.list("many/")).toEqual([])
    }), 120_000)

  it.scoped("url: presigned when no public base URL, public base URL + key otherwise", () =>
    Effect.gen(function*() {
      const signed = yield* S3.make({ bucket: server.bucket, client: server.client() })
      yield* signed.put("p/x.jpg", new Uint8Array([1]))
      const url = yield* signed.url("p/x.jpg")
      expect(url).toContain(`${server.endpoint}/${server.bucket}/p/x.jpg?`)
      expect(url).toContain("X-Amz-Signature=")
      const res = yield* Effect.promise(() => fetch(url))
      expect(res.status).toBe(200)
      const cdn = yield* S3.make({ bucket: server.bucket, client: server.client(), publicBaseUrl: "https://cdn.example.com/" })
      expect(yield* cdn.url("p/x.jpg")).toBe("https://cdn.example.com/p/x.jpg")
      yield* signed.delete(["p/x.jpg"])
    }))

  it.scoped("delete: batches of at most 1000 keys, per-key errors reported as BlobError", () =>
    Effect.gen(function*() {
      const batches: Array<number> = []
      // A client whose DeleteObjects reports AccessDenied for some keys inside a 200 response.
      const client = new S3Client({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } })
      client.send = (async (command: unknown) => {
        if (!(command instanceof DeleteObjectsCommand)) throw new Error("unexpected command")
        const objects = command.input.Delete?.Objects ?? []
        batches.push(objects.length)
        return {
          Errors: objects
            .filter((o) => o.Key!.endsWith("7") || o.Key!.endsWith("missing"))
            .map((o) => ({ Key: o.Key, Code: o.Key!.endsWith("missing") ? "NoSuchKey" : "AccessDenied", Message: "denied" }))
        }
      }) as never
      const store = yield* S3.make({ bucket: "b", client })
      const keys = Array.from({ length: 2345 }, (_, i) => `k/${i}`)
      const result = yield* Effect.either(store.delete([...keys, "k/missing"]))
      expect(batches).toEqual([1000, 1000, 346])
      expect(Either.isLeft(result) && result.left._tag).toBe("BlobError")
      if (Either.isLeft(result) && result.left._tag === "BlobError") {
        expect(result.left.keys).toEqual(keys.filter((k) => k.endsWith("7")))
        expect(result.left.reason).toContain("AccessDenied")
      }
    }))
})
