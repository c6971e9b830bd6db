/**
 * Bad API calls (the corpus), through the facade on the memory adapters and over HTTP against the
 * demo server process (black box). Each is a tagged error — an HTTP 4xx with a JSON `{ error }`
 * body — and leaves every clip as it was.
 */
import { describe, expect, it } from "@effect/vitest"
import { Heaters, Ids } from "@heaters/core"
import type { Review } from "@heaters/core"
import { Effect } from "effect"
import { afterAll, beforeAll } from "vitest"
import { layer, place, scenes } from "../../packages/core/test/support.js"
import { generateVideo } from "../support/videos.js"
import type { ServerProcess } from "./server.js"
import { startServerProcess } from "./server.js"
import { startEmbedded } from "./support.js"
import type { Embedded } from "./support.js"
import { rmSync } from "node:fs"

/** The calls every surface must refuse, by clip role: `a`,`b`,`c` adjacent in video 1, `x` in video 2. */
const badCalls = (ids: { a: number; b: number; c: number; x: number; frames: number }) =>
  [
    { kind: "unknown action", clip: ids.a, body: { action: "explode" } as unknown, http: 400 },
    { kind: "split at frame 0", clip: ids.b, body: { action: "split", frame: 0 }, tag: "InvalidSplit", http: 400 },
    { kind: "split at the last frame or beyond", clip: ids.b, body: { action: "split", frame: ids.frames }, tag: "InvalidSplit", http: 400 },
    { kind: "split far beyond the end", clip: ids.b, body: { action: "split", frame: 1_000_000 }, tag: "InvalidSplit", http: 400 },
    { kind: "split without a frame", clip: ids.b, body: { action: "split" } as unknown, http: 400 },
    { kind: "merge across videos", clip: ids.x, body: { action: "merge", targetClipId: ids.a }, tag: "InvalidMerge", http: 400 },
    { kind: "merge non-adjacent clips", clip: ids.c, body: { action: "merge", targetClipId: ids.a }, tag: "InvalidMerge", http: 400 },
    { kind: "merge with itself", clip: ids.b, body: { action: "merge", targetClipId: ids.b }, tag: "InvalidMerge", http: 400 },
    { kind: "merge the first clip (no previous)", clip: ids.a, body: { action: "merge" }, tag: "InvalidMerge", http: 400 },
    { kind: "merge with an unknown clip", clip: ids.b, body: { action: "merge", targetClipId: 987654 }, tag: "InvalidMerge", http: 400 },
    { kind: "undo with nothing to undo", clip: ids.a, body: { action: "undo" }, tag: "UndoRefused", http: 409 },
    { kind: "act on an unknown clip", clip: 987654, body: { action: "approve" }, tag: "NotFound", http: 404 }
  ] as const

describe("bad API calls through the facade (memory adapters)", () => {
  it.effect("each is a tagged error and changes no clip", () =>
    Effect.gen(function* () {
      const heaters = yield* Heaters.Heaters
      yield* place("/in/one.mp4", scenes([2, 2, 2]))
      yield* place("/in/two.mp4", scenes([2, 2]))
      const one = yield* heaters.submit("/in/one.mp4")
      const two = yield* heaters.submit("/in/two.mp4")
      yield* heaters.drain
      const [a, b, c] = (yield* heaters.clips(one.id)).map((clip) => clip.id)
      const [x] = (yield* heaters.clips(two.id)).map((clip) => clip.id)
      const frames = (yield* heaters.clip(b!)).endFrame - (yield* heaters.clip(b!)).startFrame
      const state = Effect.map(Effect.all([heaters.clips(one.id), heaters.clips(two.id)]), (all) => all.flat())
      const before = yield* state
      for (const call of badCalls({ a: a!, b: b!, c: c!, x: x!, frames })) {
        const error = yield* Effect.flip(
          Effect.suspend(() => heaters.review.act(Ids.unsafe.clip(call.clip), call.body as Review.Action)).pipe(Effect.catchAllDefect((d) => Effect.fail({ _tag: `defect: ${String(d)}` })))
        )
        expect(error._tag, call.kind).toBe("tag" in call ? call.tag : "InvalidAction")
        expect(yield* state, call.kind).toEqual(before)
      }
      // Unknown ids on the read side.
      expect((yield* Effect.flip(heaters.clip(Ids.unsafe.clip(987654))))._tag).toBe("NotFound")
      expect((yield* Effect.flip(heaters.video(Ids.unsafe.video(987654))))._tag).toBe("NotFound")
    }).pipe(Effect.provide(layer())))
})

describe("bad API calls over HTTP (the demo server process, SQLite)", () => {
  let h: Embedded
  let server: ServerProcess
  let ids: { a: number; b: number; c: number; x: number; v1: number; v2: number; frames: number }
  beforeAll(async () => {
    const [one, two] = await Promise.all([
      generateVideo({ shots: [{ source: "testsrc2", seconds: 1.5 }, { source: "smptebars", seconds: 1.5 }, { source: "color:0x3366aa", seconds: 1.5 }] }),
      generateVideo({ shots: [{ source: "mandelbrot", seconds: 1.5 }, { source: "rgbtestsrc", seconds: 1.5 }] })
    ])
    h = await startEmbedded()
    const v1 = await h.run(h.heaters.submit(one.path))
    const v2 = await h.run(h.heaters.submit(two.path))
    await h.run(h.heaters.drain)
    const [a, b, c] = (await h.run(h.heaters.clips(v1.id))).map((clip) => clip.id)
    const [x] = (await h.run(h.heaters.clips(v2.id))).map((clip) => clip.id)
    const clipB = await h.run(h.heaters.clip(b!))
    ids = { a: a!, b: b!, c: c!, x: x!, v1: v1.id, v2: v2.id, frames: clipB.endFrame - clipB.startFrame }
    await h.dispose()
    server = await startServerProcess(h.dir)
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
    if (h) rmSync(h.dir, { recursive: true, force: true })
  })

  const clipsNow = async () => [
    ...(await server.request("GET", `/api/videos/${ids.v1}/clips`)).body,
    ...(await server.request("GET", `/api/videos/${ids.v2}/clips`)).body
  ].map((item: { clip: { id: number; state: string; version: number } }) => [item.clip.id, item.clip.state, item.clip.version])

  it("each review call is a 4xx with a JSON error body, and no clip changes", async () => {
    const before = await clipsNow()
    expect(before.length).toBe(5)
    for (const call of badCalls(ids)) {
      const res = await server.request("POST", `/api/review/${call.clip}`, call.body)
      expect(res.status, call.kind).toBe(call.http)
      expect(res.contentType, call.kind).toContain("application/json")
      expect(res.body.error, call.kind).toEqual("tag" in call ? call.tag : expect.any(String))
      expect(await clipsNow(), call.kind).toEqual(before)
    }
  })

  it("malformed requests are 4xx with a JSON error body", async () => {
    const before = await clipsNow()
    const cases: ReadonlyArray<readonly [string, string, string, string | undefined, unknown, number]> = [
      ["malformed JSON", "POST", `/api/review/${ids.a}`, "{\"action\": \"approve\"", undefined, 400],
      ["JSON that is not an object", "POST", `/api/review/${ids.a}`, "[1,2,3]", undefined, 400],
      ["empty body", "POST", `/api/review/${ids.a}`, "", undefined, 400],
      ["non-numeric id", "POST", "/api/review/abc", undefined, { action: "approve" }, 400],
      ["negative id", "POST", "/api/review/-3", undefined, { action: "approve" }, 400],
      ["unknown clip (read)", "GET", "/api/clips/987654", undefined, undefined, 404],
      ["unknown video", "GET", "/api/videos/987654/clips", undefined, undefined, 404],
      ["submit without a source", "POST", "/api/videos", undefined, {}, 400],
      ["submit a number", "POST", "/api/videos", undefined, { source: 42 }, 400],
      ["submit a file: URL", "POST", "/api/videos", undefined, { source: "file:///etc/passwd" }, 400],
      ["submit javascript:", "POST", "/api/videos", undefined, { source: "javascript:alert(1)" }, 400],
      ["bad query", "GET", "/api/review/next?limit=-1", undefined, undefined, 400]
    ]
    for (const [kind, method, path, raw, body, status] of cases) {
      const res = await server.request(method, path, body, raw)
      expect(res.status, kind).toBe(status)
      expect(typeof res.body === "object" && res.body !== null && typeof res.body.error === "string", `${kind}: ${JSON.stringify(res.body)}`).toBe(true)
    }
    // An unknown route is a 404 with the same JSON error body as every other API error.
    const unknown = await server.request("GET", "/api/nothing-here")
    expect(unknown.status).toBe(404)
    expect(typeof unknown.body?.error, JSON.stringify(unknown.body)).toBe("string")
    expect(await clipsNow()).toEqual(before)
    const status = (await server.request("GET", "/api/status")).body
    expect(Object.values(status.videos as Record<string, number>).reduce((s, n) => s + n, 0)).toBe(2)
  })
})
