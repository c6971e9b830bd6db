/**
 * Global camera motion between thumbnails, for dissolves between moving shots (`gradual.ts`,
 * docs/media.md "Gradual transitions"): the sub-pixel shift from one frame to the next (one
 * Lucas–Kanade step on the whole thumbnail — a pan moves a 32×18 thumbnail by well under a pixel
 * per frame), and thumbnails moved by a fractional shift (bilinear), cropped to an inner rectangle
 * every moved picture still covers.
 *
 * @since 0.1.0
 */
import { GX, GY } from "./thumbs.js"

/** A shift in thumbnail pixels: content at (x, y) in one frame is at (x + dx, y + dy) in the next. @since 0.1.0 */
export interface Shift {
  readonly dx: number
  readonly dy: number
}

/** No motion (the first frame, or a frame without texture to measure it). @since 0.1.0 */
export const still: Shift = { dx: 0, dy: 0 }

/**
 * The global shift from `a` to `b`, by one Lucas–Kanade step (gradients of the mean of both).
 * Shifts beyond about a pixel are underestimated — a motion test built on this then fails, which
 * is the safe side (no cut).
 *
 * @since 0.1.0
 */
export const shiftBetween = (a: Float32Array, b: Float32Array): Shift => {
  for (let p = 0; p < GX * GY; p++) {
    lumaA[p] = a[3 * p]! + a[3 * p + 1]! + a[3 * p + 2]!
    lumaB[p] = b[3 * p]! + b[3 * p + 1]! + b[3 * p + 2]!
  }
  const first = lucasKanade(lumaA, lumaB)
  if (first === still) return still
  // A second step from `a` moved by the first estimate takes out most of the linearisation bias.
  for (let y = 0; y < GY; y++) {
    const sy = Math.min(GY - 1, Math.max(0, y - first.dy))
    const y0 = Math.min(GY - 2, Math.floor(sy))
    const fy = sy - y0
    for (let x = 0; x < GX; x++) {
      const sx = Math.min(GX - 1, Math.max(0, x - first.dx))
      const x0 = Math.min(GX - 2, Math.floor(sx))
      const fx = sx - x0
      const p = y0 * GX + x0
      lumaW[y * GX + x] = (1 - fy) * ((1 - fx) * lumaA[p]! + fx * lumaA[p + 1]!) + fy * ((1 - fx) * lumaA[p + GX]! + fx * lumaA[p + GX + 1]!)
    }
  }
  const second = lucasKanade(lumaW, lumaB)
  return { dx: first.dx + second.dx, dy: first.dy + second.dy }
}

const lumaA = new Float32Array(GX * GY)
const lumaB = new Float32Array(GX * GY)
const lumaW = new Float32Array(GX * GY)

/** One Lucas–Kanade step between two luma thumbnails. */
const lucasKanade = (la: Float32Array, lb: Float32Array): Shift => {
  let xx = 0
  let xy = 0
  let yy = 0
  let xt = 0
  let yt = 0
  // Two cells of border left out: content entering the picture is not motion of what is there.
  for (let y = 2; y < GY - 2; y++) {
    for (let x = 2; x < GX - 2; x++) {
      const p = y * GX + x
      const gx = (la[p + 1]! - la[p - 1]! + lb[p + 1]! - lb[p - 1]!) / 4
      const gy = (la[p + GX]! - la[p - GX]! + lb[p + GX]! - lb[p - GX]!) / 4
      const gt = lb[p]! - la[p]!
      xx += gx * gx
      xy += gx * gy
      yy += gy * gy
      xt += gx * gt
      yt += gy * gt
    }
  }
  const det = xx * yy - xy * xy
  if (det < 1e-6 * (xx + yy) * (xx + yy) || xx + yy < 1) return still
  // b(x) ≈ a(x − d)  ⇒  b − a ≈ −∇·d
  return { dx: -(yy * xt - xy * yt) / det, dy: -(xx * yt - xy * xt) / det }
}

/** An inner rectangle of the thumbnail (cells `x0 ≤ x < x1`, `y0 ≤ y < y1`). @since 0.1.0 */
export interface Crop {
  readonly x0: number
  readonly x1: number
  readonly y0: number
  readonly y1: number
}

/**
 * The rectangle every picture moved by one of `moves` still covers (with a cell to spare for the
 * bilinear sampling), or undefined if it is under 30 % of the thumbnail.
 *
 * @since 0.1.0
 */
export const cropFor = (moves: ReadonlyArray<Shift>): Crop | undefined => {
  let x0 = 1
  let x1 = GX - 1
  let y0 = 1
  let y1 = GY - 1
  for (const m of moves) {
    x0 = Math.max(x0, Math.ceil(m.dx) + 1)
    x1 = Math.min(x1, Math.floor(GX - 1 + m.dx))
    y0 = Math.max(y0, Math.ceil(m.dy) + 1)
    y1 = Math.min(y1, Math.floor(GY - 1 + m.dy))
  }
  return x1 <= x0 || y1 <= y0 || (x1 - x0) * (y1 - y0) < 0.3 * GX * GY ? undefined : { x0, x1, y0, y1 }
}

/** The whole thumbnail as a crop. @since 0.1.0 */
export const whole: Crop = { x0: 0, x1: GX, y0: 0, y1: GY }

/** Length of a cropped thumbnail (3 floats per cell). @since 0.1.0 */
export const cropLength = (c: Crop): number => 3 * (c.x1 - c.x0) * (c.y1 - c.y0)

/**
 * `src` moved by (dx, dy) — its content at (x, y) shown at (x + dx, y + dy) — sampled bilinearly
 * over `crop`, written into `into` (length {@link cropLength}).
 *
 * @since 0.1.0
 */
export const moved = (src: Float32Array, dx: number, dy: number, crop: Crop, into: Float32Array): Float32Array => {
  let k = 0
  if (Number.isInteger(dx) && Number.isInteger(dy)) {
    // A whole-cell shift (most often none: the crop alone) samples cells exactly; no weights needed.
    for (let y = crop.y0; y < crop.y1; y++) {
      const row = Math.min(GY - 1, Math.max(0, y - dy)) * GX
      for (let x = crop.x0; x < crop.x1; x++) {
        const p = 3 * (row + Math.min(GX - 1, Math.max(0, x - dx)))
        into[k++] = src[p]!
        into[k++] = src[p + 1]!
        into[k++] = src[p + 2]!
      }
    }
    return into
  }
  for (let y = crop.y0; y < crop.y1; y++) {
    const sy = Math.min(GY - 1, Math.max(0, y - dy))
    const y0 = Math.min(GY - 2, Math.floor(sy))
    const fy = sy - y0
    for (let x = crop.x0; x < crop.x1; x++) {
      const sx = Math.min(GX - 1, Math.max(0, x - dx))
      const x0 = Math.min(GX - 2, Math.floor(sx))
      const fx = sx - x0
      const p00 = 3 * (y0 * GX + x0)
      const p10 = p00 + 3
      const p01 = p00 + 3 * GX
      const p11 = p01 + 3
      for (let c = 0; c < 3; c++) {
        into[k++] = (1 - fy) * ((1 - fx) * src[p00 + c]! + fx * src[p10 + c]!) + fy * ((1 - fx) * src[p01 + c]! + fx * src[p11 + c]!)
      }
    }
  }
  return into
}

/**
 * Mean squared difference between `a` moved by the whole-cell rounding of (dx, dy) and `b`, over
 * where they overlap (Infinity if under 40 % of the picture). A cheap first look, no interpolation.
 *
 * @since 0.1.0
 */
export const movedDistance = (a: Float32Array, b: Float32Array, dx: number, dy: number): number => {
  const ix = Math.round(dx)
  const iy = Math.round(dy)
  const w = GX - Math.abs(ix)
  const hgt = GY - Math.abs(iy)
  if (w * hgt < 0.4 * GX * GY) return Infinity
  let sum = 0
  for (let y = Math.max(0, iy); y < Math.min(GY, GY + iy); y++) {
    for (let x = Math.max(0, ix); x < Math.min(GX, GX + ix); x++) {
      const i = 3 * ((y - iy) * GX + x - ix)
      const j = 3 * (y * GX + x)
      for (let c = 0; c < 3; c++) sum += (a[i + c]! - b[j + c]!) ** 2
    }
  }
  return sum / (3 * w * hgt)
}
