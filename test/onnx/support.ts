/**
 * Test helpers for the ONNX embedder: generated model directories in a temp folder, small
 * generated images (sharp), and the tiny models' maths redone in plain JS, so the embedder's
 * output can be checked against numbers computed independently of onnxruntime.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import sharp from "sharp"
import { weights } from "../support/onnx-models.js"

/** A temp folder removed by `dispose` (call it in afterAll). */
export const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A w×h image of pseudo-random pixels (deterministic per seed), encoded as PNG or JPEG. */
export const noiseImage = async (w: number, h: number, seed: number, format: "png" | "jpeg" = "png") => {
  const pixels = Buffer.alloc(w * h * 3)
  let s = seed
  for (let i = 0; i < pixels.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff
    pixels[i] = (s >> 16) & 0xff
  }
  const img = sharp(pixels, { raw: { width: w, height: h, channels: 3 } })
  return new Uint8Array(await (format === "png" ? img.png() : img.jpeg({ quality: 90 })).toBuffer())
}

/** The tiny vision model's maths: 32×32 average pooling of a CHW input, flatten, × projection. */
export const tinyVisionReference = (chw: Float32Array, size: number, dim = 32, seed = 1): Array<number> => {
  const cells = Math.floor(size / 32)
  const features = 3 * cells * cells
  const w = weights("projection", [features, dim], seed).data as Float32Array
  const flat = new Array<number>(features).fill(0)
  for (let c = 0; c < 3; c++) {
    for (let cy = 0; cy < cells; cy++) {
      for (let cx = 0; cx < cells; cx++) {
        let sum = 0
        for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) sum += chw[c * size * size + (cy * 32 + y) * size + cx * 32 + x]!
        flat[c * cells * cells + cy * cells + cx] = sum / 1024
      }
    }
  }
  const out = new Array<number>(dim).fill(0)
  for (let f = 0; f < features; f++) for (let d = 0; d < dim; d++) out[d]! += flat[f]! * w[f * dim + d]!
  return unit(out)
}

/** The tiny text model's maths: sum of the embeddings of the unmasked tokens, × projection. */
export const tinyTextReference = (ids: ReadonlyArray<number>, mask: ReadonlyArray<number>, dim = 32, seed = 2, vocab = 64): Array<number> => {
  const hidden = 16
  const e = weights("token_embedding", [vocab, hidden], seed).data as Float32Array
  const w = weights("projection", [hidden, dim], seed + 1).data as Float32Array
  const summed = new Array<number>(hidden).fill(0)
  ids.forEach((id, t) => {
    if (mask[t]) for (let h = 0; h < hidden; h++) summed[h]! += e[id * hidden + h]!
  })
  const out = new Array<number>(dim).fill(0)
  for (let h = 0; h < hidden; h++) for (let d = 0; d < dim; d++) out[d]! += summed[h]! * w[h * dim + d]!
  return unit(out)
}

export const unit = (v: ReadonlyArray<number>) => {
  const n = Math.hypot(...v)
  return v.map((x) => x / n)
}

export const norm = (v: ReadonlyArray<number>) => Math.hypot(...v)

/** Largest absolute difference between two equally long vectors. */
export const maxDiff = (a: ReadonlyArray<number>, b: ReadonlyArray<number>) => {
  expectSameLength(a, b)
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0)
}

const expectSameLength = (a: ReadonlyArray<number>, b: ReadonlyArray<number>) => {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`)
}
