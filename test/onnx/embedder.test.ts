/**
 * The ONNX CLIP embedder on generated CLIP-shaped models: both export layouts, outputs checked
 * against the tiny models' maths redone in JS (so the NCHW layout, normalisation, token ids and
 * masks are what the model receives), batch = one by one, unit norm, names discovered from the
 * session, one session per encoder per process, batches shared by concurrent callers.
 */
import { join } from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import * as Onnx from "@heaters/adapters/onnx"
import { Embedder } from "@heaters/core"
import { Effect, Metric } from "effect"
import sharp from "sharp"
import { slowVision as tinyVisionSlow, tinyText, tinyVision, writeModelDir } from "../support/onnx-models.js"
import { maxDiff, noiseImage, norm, tempDir, tinyTextReference, tinyVisionReference } from "./support.js"

const temp = tempDir("heaters-onnx-embedder-")
afterAll(temp.dispose)
const immich = writeModelDir(join(temp.dir, "ViT-Tiny__immich"), { layout: "immich" })
const hf = writeModelDir(join(temp.dir, "hf"), { layout: "huggingface", config: { _name_or_path: "heaters/tiny-clip", projection_dim: 32 } })

const images = Effect.promise(() => Promise.all([noiseImage(320, 180, 1), noiseImage(200, 300, 2, "jpeg"), noiseImage(224, 224, 3), noiseImage(50, 40, 4, "jpeg")]))

describe("ONNX CLIP embedder", () => {
  it.scoped("loads the Immich/open_clip and the Hugging Face layout of the same model to the same vectors", () =>
    Effect.gen(function* () {
      const a = yield* Onnx.make({ modelDir: immich })
      const b = yield* Onnx.make({ modelDir: hf })
      expect(a.details.files.layout).toBe("immich")
      expect(b.details.files.layout).toBe("huggingface")
      expect(a.model).toMatchObject({ name: "ViT-Tiny__immich", dim: 32 })
      expect(b.model).toMatchObject({ name: "heaters/tiny-clip", dim: 32 })
      // version = hash of the model files: the same bytes in either layout
      expect(a.model.version).toMatch(/^[0-9a-f]{16}$/)
      expect(a.model.version).toBe(b.model.version)
      const imgs = yield* images
      const va = yield* a.embed(imgs)
      const vb = yield* b.embed(imgs)
      expect(va).toHaveLength(4)
      va.forEach((v, i) => expect(maxDiff(v, vb[i]!)).toBeLessThan(1e-6))
      const ta = yield* a.embedText!(["a red cat", "the dog"])
      const tb = yield* b.embedText!(["a red cat", "the dog"])
      ta.forEach((v, i) => expect(maxDiff(v, tb[i]!)).toBeLessThan(1e-6))
      expect(ta[0]!.length).toBe(a.model.dim)
    }))

  it.scoped("image vectors are the model's maths on CLIP-preprocessed NCHW pixels, L2-normalised", () =>
    Effect.gen(function* () {
      const e = yield* Onnx.make({ modelDir: immich })
      const imgs = yield* images
      const vectors = yield* e.embed(imgs)
      const sharpLib = (yield* Effect.promise(() => import("sharp"))).default
      for (const [i, bytes] of imgs.entries()) {
        const chw = yield* Onnx.pixels(sharpLib, bytes, e.details.preprocessing, "test", "img")
        expect(maxDiff(vectors[i]!, tinyVisionReference(chw, 224))).toBeLessThan(1e-4)
        expect(norm(vectors[i]!)).toBeCloseTo(1, 6)
      }
    }))

  it.scoped("text vectors are the model's maths on the tokenizer's ids and attention mask", () =>
    Effect.gen(function* () {
      const e = yield* Onnx.make({ modelDir: hf })
      const texts = ["A red cat!", "the dog", "cad"]
      const vectors = yield* e.embedText!(texts)
      const encoded = e.details.tokenizer!.encode(texts)
      texts.forEach((_, row) => {
        const ids = Array.from(encoded.ids.subarray(row * 77, (row + 1) * 77))
        const mask = Array.from(encoded.mask.subarray(row * 77, (row + 1) * 77))
        expect(maxDiff(vectors[row]!, tinyTextReference(ids, mask))).toBeLessThan(1e-5)
        expect(norm(vectors[row]!)).toBeCloseTo(1, 6)
      })
      // different texts, different directions
      expect(maxDiff(vectors[0]!, vectors[1]!)).toBeGreaterThan(0.01)
    }))

  it.scoped("a batch gives the same vectors as one image at a time (20 images over batches of 16)", () =>
    Effect.gen(function* () {
      const e = yield* Onnx.make({ modelDir: immich, batchSize: 16 })
      const imgs = yield* Effect.forEach(Array.from({ length: 20 }, (_, i) => i), (i) => Effect.promise(() => noiseImage(64 + i * 7, 48 + i * 3, 100 + i)))
      const before = e.details.batchStats()
      const batched = yield* e.embed(imgs)
      const after = e.details.batchStats()
      expect(after.runs - before.runs).toBe(2)
      expect(after.images - before.images).toBe(20)
      for (const [i, img] of imgs.entries()) {
        const [single] = yield* e.embed([img])
        expect(maxDiff(batched[i]!, single!)).toBeLessThan(1e-5)
        expect(norm(batched[i]!)).toBeCloseTo(1, 6)
      }
      const texts = Array.from({ length: 20 }, (_, i) => (i % 2 ? "a red cat" : "the dog ".repeat(i + 1)))
      const textBatch = yield* e.embedText!(texts)
      for (const [i, t] of texts.entries()) expect(maxDiff(textBatch[i]!, (yield* e.embedText!([t]))[0]!)).toBeLessThan(1e-5)
    }))

  it.scopedLive("concurrent embed calls (several clips) share inference batches", () =>
    Effect.gen(function* () {
      const e = yield* Onnx.make({ modelDir: immich, batchSize: 16, lingerMs: 100 })
      const clips = yield* Effect.forEach(Array.from({ length: 5 }, (_, c) => c), (c) =>
        Effect.forEach([0, 1, 2], (k) => Effect.promise(() => noiseImage(96, 54, 1000 + c * 3 + k))))
      const alone = yield* Effect.forEach(clips, (imgs) => e.embed(imgs))
      const before = e.details.batchStats()
      const together = yield* Effect.forEach(clips, (imgs) => e.embed(imgs), { concurrency: "unbounded" })
      const after = e.details.batchStats()
      expect(after.images - before.images).toBe(15)
      // 5 clips × 3 keyframes in at most 2 inference runs, not 5; each clip still gets its own vectors.
      expect(after.runs - before.runs).toBeLessThanOrEqual(2)
      together.forEach((vs, c) => vs.forEach((v, k) => expect(maxDiff(v, alone[c]![k]!)).toBeLessThan(1e-5)))
    }))

  it.scoped("input and output names come from the session (an Immich-style export: image → embedding, text int32 without a mask)", () =>
    Effect.gen(function* () {
      const dir = writeModelDir(join(temp.dir, "named"), {
        layout: "immich",
        vision: tinyVision({ inputName: "image", outputName: "embedding" }),
        text: tinyText({ idsName: "text", idsType: "int32", attentionMask: false, outputName: "embedding" })
      })
      const e = yield* Onnx.make({ modelDir: dir })
      expect(e.details.vision).toEqual({ input: "image", output: "embedding", dim: 32 })
      expect(e.details.text).toEqual({ ids: "text", mask: null, output: "embedding", contextLength: 77 })
      const [v] = yield* e.embedText!(["a red cat"])
      // without a mask the model also sums the padding tokens (id 0): the reference does the same
      const ids = Array.from(e.details.tokenizer!.encode(["a red cat"]).ids)
      expect(maxDiff(v!, tinyTextReference(ids, ids.map(() => 1)))).toBeLessThan(1e-5)
      expect((yield* e.embed(yield* images))[0]!.length).toBe(32)
    }))

  it.scoped("a vision-only export embeds images and has no embedText; a symbolic output dim is found by a first run", () =>
    Effect.gen(function* () {
      const dir = writeModelDir(join(temp.dir, "vision-only"), { layout: "huggingface", vision: tinyVision({ dim: 24, symbolicDim: true }), text: null })
      const e = yield* Onnx.make({ modelDir: dir })
      expect(e.embedText).toBeUndefined()
      expect(e.model.dim).toBe(24)
      expect((yield* e.embed(yield* images)).every((v) => v.length === 24)).toBe(true)
    }))

  it.scoped("preprocessing, context length and dimension come from the config files", () =>
    Effect.gen(function* () {
      const hfDir = writeModelDir(join(temp.dir, "hf-config"), {
        layout: "huggingface",
        config: { projection_dim: 32, text_config: { max_position_embeddings: 77 }, vision_config: { image_size: 224 } },
        preprocessor: { size: { shortest_edge: 256 }, crop_size: { height: 224, width: 224 }, do_center_crop: true, resample: 2, image_mean: [0.5, 0.5, 0.5], image_std: [0.25, 0.5, 1] }
      })
      const a = yield* Onnx.make({ modelDir: hfDir })
      expect(a.details.preprocessing).toEqual({ size: 224, shortestEdge: 256, resizeMode: "shortest", interpolation: "bilinear", mean: [0.5, 0.5, 0.5], std: [0.25, 0.5, 1], fill: 0 })
      const immichDir = writeModelDir(join(temp.dir, "immich-config"), {
        layout: "immich",
        config: { embed_dim: 32, vision_cfg: { image_size: 224 }, text_cfg: { context_length: 77 } },
        preprocessor: { size: [224, 224], mean: [0.1, 0.2, 0.3], std: [0.3, 0.2, 0.1], interpolation: "bicubic", resize_mode: "squash" }
      })
      const b = yield* Onnx.make({ modelDir: immichDir })
      expect(b.details.preprocessing).toMatchObject({ size: 224, resizeMode: "squash", interpolation: "bicubic", mean: [0.1, 0.2, 0.3], std: [0.3, 0.2, 0.1] })
      // no config at all: CLIP's values
      const c = yield* Onnx.make({ modelDir: immich })
      expect(c.details.preprocessing).toEqual(Onnx.clipDefaults)
      expect(c.details.text?.contextLength).toBe(77)
    }))

  it.effect("each encoder is loaded once per layer, whatever the number of jobs; the layer serves the Embedder port", () =>
    Effect.gen(function* () {
      const created = Effect.map(Metric.value(Onnx.sessionsCreated), (s) => s.count)
      const before = yield* created
      const usage = Effect.gen(function* () {
        const embedder = yield* Embedder.Embedder
        const imgs = yield* images
        yield* Effect.all(Array.from({ length: 6 }, () => embedder.embed(imgs)), { concurrency: 3 })
        yield* Effect.all(Array.from({ length: 4 }, () => embedder.embedText!(["a red cat"])), { concurrency: 2 })
        return embedder.model
      })
      const model = yield* usage.pipe(Effect.provide(Onnx.layer({ modelDir: hf, intraOpThreads: 1 })))
      expect(model.name).toBe("heaters/tiny-clip")
      expect((yield* created) - before).toBe(2) // one vision + one text session
    }))

  it.scoped("non-RGB images (greyscale, with alpha) are converted to RGB", () =>
    Effect.gen(function* () {
      const e = yield* Onnx.make({ modelDir: immich })
      const grey = new Uint8Array(yield* Effect.promise(() => sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 90, g: 90, b: 90 } } }).greyscale().png().toBuffer()))
      const rgb = new Uint8Array(yield* Effect.promise(() => sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 90, g: 90, b: 90 } } }).png().toBuffer()))
      const raw = Buffer.alloc(40 * 30 * 4)
      for (let i = 0; i < raw.length; i += 4) raw.set([90, 90, 90, 128], i)
      const rgba = new Uint8Array(yield* Effect.promise(() => sharp(raw, { raw: { width: 40, height: 30, channels: 4 } }).png().toBuffer()))
      const [g, c, a] = yield* e.embed([grey, rgb, rgba])
      expect(maxDiff(g!, c!)).toBeLessThan(1e-5)
      expect(maxDiff(a!, c!)).toBeLessThan(1e-5)
    }))
})

describe("where inference runs", () => {
  /** The longest pause of the event loop while `self` runs (a 5 ms timer measures it). */
  const longestPause = <A, E>(self: Effect.Effect<A, E>) =>
    Effect.gen(function* () {
      let last = performance.now()
      let longest = 0
      const timer = setInterval(() => {
        const now = performance.now()
        longest = Math.max(longest, now - last)
        last = now
      }, 5)
      // After `self`, let the timer fire once more: a block that ends with `self` shows only then.
      const result = yield* Effect.ensuring(Effect.zipLeft(self, Effect.sleep("30 millis")), Effect.sync(() => clearInterval(timer)))
      return { result, longest }
    })

  it.scopedLive("the default worker thread keeps the event loop free during inference; both hosts give the same vectors", () =>
    Effect.gen(function* () {
      const dir = writeModelDir(join(temp.dir, "slow"), { layout: "huggingface", vision: tinyVisionSlow(), text: null })
      const imgs = yield* Effect.forEach([1, 2, 3, 4], (i) => Effect.promise(() => noiseImage(224, 224, 700 + i)))
      const inWorker = yield* Onnx.make({ modelDir: dir, intraOpThreads: 1 })
      const inMain = yield* Onnx.make({ modelDir: dir, intraOpThreads: 1, inference: "main" })
      const main = yield* longestPause(inMain.embed(imgs))
      const worker = yield* longestPause(inWorker.embed(imgs))
      // onnxruntime-node computes on the calling thread: on the main thread the loop stops for the whole run.
      expect(main.longest).toBeGreaterThan(100)
      expect(worker.longest).toBeLessThan(main.longest / 2)
      worker.result.forEach((v, i) => expect(maxDiff(v, main.result[i]!)).toBeLessThan(1e-5))
    }), 120_000)
})
