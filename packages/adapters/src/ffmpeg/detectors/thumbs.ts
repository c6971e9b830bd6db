/**
 * Comparing two frames as pictures, for the gradual-transition test (`gradual.ts`): frames reduced
 * to 32×18 RGB thumbnails, and whether two thumbnails show different shots — rather than one shot
 * under another exposure, or moved by the camera.
 *
 * @since 0.1.0
 */
import type { GradualSettings } from "./gradual.js"
import type { Frame } from "./types.js"

/** Thumbnail size (cells across and down). @since 0.1.0 */
export const GX = 32
/** @since 0.1.0 */
export const GY = 18

const cellCache = new Map<string, { readonly cell: Int32Array; readonly inv: Float32Array }>()

/** Which thumbnail pixel each frame pixel falls into (cached per frame size), and 1 / pixels per cell. */
const cells = (width: number, height: number) => {
  const key = `${width}x${height}`
  const hit = cellCache.get(key)
  if (hit !== undefined) return hit
  const cell = new Int32Array(width * height)
  const count = new Float32Array(GX * GY)
  for (let y = 0; y < height; y++) {
    const by = Math.min(GY - 1, Math.floor((y * GY) / height))
    for (let x = 0; x < width; x++) {
      const b = by * GX + Math.min(GX - 1, Math.floor((x * GX) / width))
      cell[y * width + x] = 3 * b
      count[b]! += 1
    }
  }
  const inv = count.map((c) => (c === 0 ? 0 : 1 / c))
  const entry = { cell, inv }
  cellCache.set(key, entry)
  return entry
}

/** A frame reduced to 32×18 RGB floats (box average of the detection frame). @since 0.1.0 */
export const thumb = (frame: Frame): Float32Array => {
  const out = new Float32Array(GX * GY * 3)
  const { cell, inv } = cells(frame.width, frame.height)
  const data = frame.data
  const pixels = frame.width * frame.height
  for (let p = 0, i = 0; p < pixels; p++, i += 3) {
    const k = cell[p]!
    out[k]! += data[i]!
    out[k + 1]! += data[i + 1]!
    out[k + 2]! += data[i + 2]!
  }
  for (let b = 0; b < GX * GY; b++) {
    const f = inv[b]!
    out[3 * b]! *= f
    out[3 * b + 1]! *= f
    out[3 * b + 2]! *= f
  }
  return out
}

/** Squared distance between two thumbnails. @since 0.1.0 */
export const sqDist = (a: Float32Array, b: Float32Array): number => {
  let s = 0
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!
    s += d * d
  }
  return s
}

/** Share of `y`'s variance a per-channel gain/offset of `x` cannot explain (1: none explained). */
const unexplained = (x: Float32Array, y: Float32Array): number => {
  let res = 0
  let tot = 0
  for (let c = 0; c < 3; c++) {
    let mx = 0
    let my = 0
    const n = x.length / 3
    for (let i = c; i < x.length; i += 3) {
      mx += x[i]!
      my += y[i]!
    }
    mx /= n
    my /= n
    let sxy = 0
    let sxx = 0
    let syy = 0
    for (let i = c; i < x.length; i += 3) {
      const dx = x[i]! - mx
      const dy = y[i]! - my
      sxy += dx * dy
      sxx += dx * dx
      syy += dy * dy
    }
    tot += syy
    res += sxx < 1e-6 ? syy : syy - (sxy * sxy) / sxx
  }
  // A flat y is explained by anything; count it as explained only if x is flat too.
  return tot < 1e-6 * x.length ? 0 : res / tot
}

/**
 * Are `a` and `b` different shots? Enough pixels changed, and neither is the other under a
 * per-channel gain/offset (which is what an exposure or lighting change does).
 *
 * @since 0.1.0
 */
export const differentShots = (a: Float32Array, b: Float32Array, st: GradualSettings): boolean => {
  let changed = 0
  const pixels = a.length / 3
  for (let p = 0; p < pixels; p++) {
    const k = 3 * p
    const m = Math.max(Math.abs(b[k]! - a[k]!), Math.abs(b[k + 1]! - a[k + 1]!), Math.abs(b[k + 2]! - a[k + 2]!))
    if (m > st.pixelChange) changed++
  }
  if (changed / pixels < st.minChanged) return false
  return Math.max(unexplained(a, b), unexplained(b, a)) >= st.minUnexplained
}

/**
 * Is `b` mostly `a` moved (a pan or whip pan, not another shot)? True when some shift of up to
 * 55 % of the width / a third of the height, over an overlap of at least 40 % of the picture, leaves
 * a mean squared difference below a tenth of `meanSq` (the unshifted one). A moved camera
 * matches almost exactly (≈ 0.00 on the test footage); a mirrored look-alike shot scored 0.17.
 *
 * @since 0.1.0
 */
export const shifted = (a: Float32Array, b: Float32Array, meanSq: number): boolean => {
  const maxX = Math.round(GX * 0.55)
  const maxY = Math.round(GY / 3)
  const ratio = (sum: number, w: number, hgt: number) => sum / (3 * w * hgt) / meanSq
  for (let dy = -maxY; dy <= maxY; dy++) {
    for (let dx = -maxX; dx <= maxX; dx++) {
      const w = GX - Math.abs(dx)
      const hgt = GY - Math.abs(dy)
      if (w * hgt < 0.4 * GX * GY || (dx === 0 && dy === 0)) continue
      // The sum only grows: once a row takes it past the bound, this shift cannot match (this search
      // is the detector's costliest step, and most shifts are far off).
      let sum = 0
      for (let y = Math.max(0, -dy); y < Math.min(GY, GY - dy) && ratio(sum, w, hgt) < 0.1; y++) {
        for (let x = Math.max(0, -dx); x < Math.min(GX, GX - dx); x++) {
          const i = 3 * (y * GX + x)
          const j = 3 * ((y + dy) * GX + x + dx)
          for (let c = 0; c < 3; c++) sum += (a[i + c]! - b[j + c]!) ** 2
        }
      }
      if (ratio(sum, w, hgt) < 0.1) return true
    }
  }
  return false
}
