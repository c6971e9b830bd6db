/**
 * The demo server's HTTP API, black-box over HTTP and through the typed client derived from its
 * definition: the OpenAPI document validates, /docs works offline, errors carry their status and a
 * message, blobs honour Range, the token guards mutations, uploads are accepted and limited.
 */
import { FetchHttpClient, HttpApiClient } from "@effect/platform"
import { Validator } from "@seriousme/openapi-schema-validator"
import { Effect } from "effect"
import { readFile } from "node:fs/promises"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { HeatersApi } from "../../packages/examples/src/server/api/definition.js"
import { tokensMatch } from "../../packages/examples/src/server/auth.js"
import { freshVideo } from "../browser/fixtures.js"
import { type Running, start } from "../browser/server.js"
import { generateVideo } from "../support/videos.js"

let server: Running
let guarded: Running
let clips: Array<number> = []

beforeAll(async () => {
  server = await start({ commitDelay: 60_000 }, { maxUploadBytes: 400_000 })
  guarded = await start({}, { token: "s3cret-token" })
  clips = await freshVideo(server, 3)
}, 180_000)

afterAll(async () => {
  await server?.close()
  await guarded?.close()
})

const client = (url: string) => HttpApiClient.make(HeatersApi, { baseUrl: url }).pipe(Effect.provide(FetchHttpClient.layer))

describe("API definition", () => {
  it("/openapi.json is a valid OpenAPI document with every endpoint and its error statuses", async () => {
    const spec = await (await fetch(server.url + "/openapi.json")).json()
    const result = await new Validator().validate(spec)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(["/api/review/next", "/api/review/{id}", "/api/clips/{id}/history", "/api/videos/upload", "/api/status", "/api/search/similar"]))
    const act = spec.paths["/api/review/{id}"].post
    expect(Object.keys(act.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "404", "409", "500"]))
    expect(Object.keys(spec.paths["/api/videos/upload"].post.responses)).toContain("413")
  })

  it("/docs is a Swagger UI page that needs no network", async () => {
    const response = await fetch(server.url + "/docs")
    const html = await response.text()
    expect(response.headers.get("content-type")).toContain("text/html")
    expect(html).toContain("SwaggerUIBundle")
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/)
  })

  it("binds 127.0.0.1 by default", () => {
    expect(server.host).toBe("127.0.0.1")
  })
})

describe("typed client", () => {
  it("reads the queue and acts; a second approve is a typed Conflict (409)", async () => {
    const result = await Effect.runPromise(
      Effect.gen(function* () {
        const api = yield* client(server.url)
        const { items, pending } = yield* api.review.next({ urlParams: { limit: 2 } })
        const first = items[0]!.clip.id
        const changed = yield* api.review.act({ path: { id: first }, payload: { action: "approve" } })
        const again = yield* api.review.act({ path: { id: first }, payload: { action: "approve" } }).pipe(Effect.flip)
        yield* api.review.act({ path: { id: first }, payload: { action: "undo" } })
        const history = yield* api.clips.history({ path: { id: first } })
        return { first, pending, state: changed.clips[0]!.state, again, history, reviewedAt: changed.clips[0]!.reviewedAt }
      }).pipe(Effect.scoped)
    )
    expect(result.first).toBe(clips[0])
    expect(result.pending).toBe(3)
    expect(result.state).toBe("review_approved")
    expect(result.reviewedAt).toBeInstanceOf(Date)
    expect(result.again._tag).toBe("Conflict")
    expect(result.again).toMatchObject({ error: "ReviewConflict", message: `cannot approve clip ${clips[0]} (state review_approved): already reviewed` })
    expect(result.history.map((e) => e.action)).toEqual(["selected_approve", "selected_undo"])
  })

  it("plain HTTP keeps the old shapes: { error, message } bodies with 400, 404 and 409", async () => {
    const post = (path: string, body: unknown) => fetch(server.url + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    const missing = await post("/api/review/999999", { action: "approve" })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: "NotFound", message: "clip 999999 not found" })
    const noPrevious = await post(`/api/review/${clips[0]}`, { action: "merge" })
    expect(noPrevious.status).toBe(400)
    expect(await noPrevious.json()).toMatchObject({ error: "InvalidMerge" })
    const unknown = await post(`/api/review/${clips[0]}`, { action: "dance" })
    expect(unknown.status).toBe(400)
    const malformed = await fetch(server.url + "/api/review/" + clips[0], { method: "POST", headers: { "content-type": "application/json" }, body: "{" })
    expect(malformed.status).toBe(400)
  })
})

describe("blobs", () => {
  it("serve whole objects with Accept-Ranges, ranges with 206, and refuse bad ranges and keys", async () => {
    const item = await (await fetch(`${server.url}/api/clips/${clips[0]}`)).json()
    const url = server.url + item.sprite.url
    const whole = await fetch(url)
    const bytes = new Uint8Array(await whole.arrayBuffer())
    expect(whole.status).toBe(200)
    expect(whole.headers.get("accept-ranges")).toBe("bytes")
    expect(whole.headers.get("content-type")).toBe("image/jpeg")
    const part = await fetch(url, { headers: { range: "bytes=10-109" } })
    expect(part.status).toBe(206)
    expect(part.headers.get("content-range")).toBe(`bytes 10-109/${bytes.length}`)
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.slice(10, 110))
    const tail = await fetch(url, { headers: { range: "bytes=-5" } })
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(bytes.slice(-5))
    expect((await fetch(url, { headers: { range: `bytes=${bytes.length + 10}-` } })).status).toBe(416)
    expect((await fetch(server.url + "/blobs/no/such/object.jpg")).status).toBe(404)
  })
})

describe("token", () => {
  it("compares in constant time and only equal tokens match", () => {
    expect(tokensMatch("abc", "abc")).toBe(true)
    expect(tokensMatch("abd", "abc")).toBe(false)
    expect(tokensMatch("", "abc")).toBe(false)
  })

  it("with HEATERS_TOKEN set, mutations need Authorization: Bearer, reads do not", async () => {
    const submit = (headers: Record<string, string>) =>
      fetch(guarded.url + "/api/videos", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ source: "/no/such/file.mp4" }) })
    const none = await submit({})
    expect(none.status).toBe(401)
    expect(await none.json()).toMatchObject({ error: "Unauthorized" })
    expect((await submit({ authorization: "Bearer wrong" })).status).toBe(401)
    for (const path of ["/api/review/1", "/api/clips/1/export", "/api/clips/1/retry", "/api/videos/1/retry"]) {
      expect((await fetch(guarded.url + path, { method: "POST", headers: { "content-type": "application/json" }, body: '{"action":"approve"}' })).status).toBe(401)
    }
    expect((await submit({ authorization: "Bearer s3cret-token" })).status).toBe(201)
    expect((await fetch(guarded.url + "/api/status")).status).toBe(200)
    expect((await fetch(guarded.url + "/api/review/next")).status).toBe(200)
  })
})

describe("uploads", () => {
  it("a multipart upload becomes a submitted video; one over the limit is refused with 413", async () => {
    const video = await generateVideo({ shots: [{ source: "testsrc2", seconds: 1 }] })
    const bytes = await readFile(video.path)
    expect(bytes.length).toBeLessThan(400_000)
    const form = new FormData()
    form.append("file", new Blob([bytes], { type: "video/mp4" }), "holiday clip.mp4")
    const response = await fetch(server.url + "/api/videos/upload", { method: "POST", body: form })
    expect(response.status).toBe(201)
    const body = await response.json()
    expect(body).toMatchObject({ title: "holiday_clip", state: "new" })
    expect(await readFile(body.sourceUri)).toEqual(bytes)
    const big = new FormData()
    big.append("file", new Blob([new Uint8Array(500_000)], { type: "video/mp4" }), "big.mp4")
    const refused = await fetch(server.url + "/api/videos/upload", { method: "POST", body: big })
    expect(refused.status).toBe(413)
    expect(await refused.json()).toMatchObject({ error: "PayloadTooLarge" })
    // A chunked upload (no declared length) cannot be checked up front: it is refused with 411.
    const boundary = "----heaters"
    const parts = [`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\n\r\n`, "x".repeat(1000), `\r\n--${boundary}--\r\n`]
    const stream = new ReadableStream({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part))
        controller.close()
      }
    })
    const chunked = await fetch(server.url + "/api/videos/upload", {
      method: "POST",
      body: stream,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      duplex: "half"
    } as RequestInit)
    expect(chunked.status).toBe(411)
  })
})
