/**
 * Gradual transitions — dissolves, wipes, fades through white — for the adaptive detector
 * (docs/media.md, "Gradual transitions"). One cut per transition, at its middle.
 *
 * A window `[c − h, c + h]` (h from 0.15 s to 1.1 s, so transitions of 0.3…2 s fit) is a transition
 * when
 *
 * 1. its end frames S and E are different shots: enough of the picture changed, E is not S
 *    under a global gain/offset (an exposure or lighting change is), and E is not S moved by the
 *    camera (checked last, being the costliest);
 * 2. the picture is stable just outside the window (a pan or zoom that keeps going is not), or
 *    at least most of the S→E change happens where it is (a subject moving in part of the frame
 *    while the shot dissolves);
 * 3. every frame inside lies, pixel by pixel, on the way from S to E — a dissolve mixes them, a
 *    wipe shows one or the other — and each pixel's progress only moves forward. Camera motion,
 *    a flash or a hard cut break this (the cells of a subject moving through are left out, 2.);
 * 4. the window's centre is inside the change (progress between 0.2 and 0.8).
 *
 * Shots that move (both panning, say) fail 2. and 3. as they stand; `moving.ts` repeats the tests
 * with the camera motion taken out.
 *
 * Every window that passes votes for the frame where progress crosses one half; a run of
 * overlapping windows yields one cut, at the median vote. Fades through white are a run of white
 * frames entered and left gradually between different shots (a flash is entered in one frame).
 *
 * @since 0.1.0
 */
import { movedByCamera } from "./camera.js"
import type { Shift } from "./motion.js"
import { GX, GY, differentShots, shifted, sqDist } from "./thumbs.js"

/** @since 0.1.0 */
export interface GradualSettings {
  /** Half-lengths of the windows tried, in seconds. */
  readonly halfSeconds: ReadonlyArray<number>
  /** Smallest RMS difference (0…255) between S and E. */
  readonly minRms: number
  /** Smallest share of pixels that changed by more than `pixelChange`. */
  readonly minChanged: number
  readonly pixelChange: number
  /** Smallest share of E's (or S's) variance that a gain/offset of the other cannot explain. */
  readonly minUnexplained: number
  /** Largest change just outside the window, relative to the S→E change. */
  readonly maxSideChange: number
  /**
   * When the whole picture changes more than that outside: the smallest share of the S→E change,
   * on each side, that lies in cells whose own change there stays below `maxCellSideChange` of
   * their S→E change.
   */
  readonly minStillShare: number
  /** Largest change of a still cell just outside the window, relative to its own S→E change. */
  readonly maxCellSideChange: number
  /** Largest distance of an inner frame from the S→E path, relative to the S→E change (squared). */
  readonly maxOffPath: number
  /** Smallest share of the change whose per-pixel progress moves forward. */
  readonly minForward: number
}

/** @since 0.1.0 */
export const gradualDefaults: GradualSettings = {
  halfSeconds: [0.15, 0.3, 0.5, 0.75, 1.1],
  minRms: 12,
  minChanged: 0.35,
  pixelChange: 20,
  minUnexplained: 0.35,
  maxSideChange: 0.25,
  minStillShare: 0.7,
  maxCellSideChange: 0.15,
  maxOffPath: 0.12,
  minForward: 0.85
}

/**
 * Per-pixel progress from S to E (weighted by the pixel's change), and the distance off that path.
 * Works on whole or cropped thumbnails (3 floats per pixel).
 *
 * @since 0.1.0
 */
export const progress = (s: Float32Array, e: Float32Array, f: Float32Array, into: Float32Array): { alpha: number; offPath: number } => {
  let wsum = 0
  let asum = 0
  let off = 0
  let dd = 0
  const pixels = s.length / 3
  for (let p = 0; p < pixels; p++) {
    let num = 0
    let den = 0
    for (let c = 0; c < 3; c++) {
      const k = 3 * p + c
      const d = e[k]! - s[k]!
      num += (f[k]! - s[k]!) * d
      den += d * d
    }
    const a = den < 1 ? 0 : Math.max(0, Math.min(1, num / den))
    into[p] = a
    for (let c = 0; c < 3; c++) {
      const k = 3 * p + c
      const r = f[k]! - s[k]! - a * (e[k]! - s[k]!)
      off += r * r
    }
    dd += den
    wsum += den
    asum += den * a
  }
  return { alpha: wsum === 0 ? 0 : asum / wsum, offPath: dd === 0 ? Infinity : off / dd }
}

// Per-pixel progress buffers, reused by every window test (the fold is single-threaded).
const scratchA = new Float32Array(GX * GY)
const scratchB = new Float32Array(GX * GY)
const scratchC = new Float32Array(GX * GY)
const maskedE = new Float32Array(GX * GY * 3)
const maskedF = new Float32Array(GX * GY * 3)
const stillMask = new Uint8Array(GX * GY)

/** What the window test needs per frame. @since 0.1.0 */
export interface GradualFrame {
  readonly thumb: Float32Array
  /** Black or white and flat: belongs to a fade or a flash, never an end of a dissolve. */
  readonly blank: boolean
  /** Global camera motion from the previous frame (`motion.ts`). */
  readonly motion: Shift
}

/**
 * What both window tests read: the ends S and E of `[c − h, c + h]`, the frames q before S and q
 * after E, and the squared S→E distance.
 *
 * @since 0.1.0
 */
export interface Window {
  readonly S: GradualFrame
  readonly E: GradualFrame
  readonly before: GradualFrame
  readonly after: GradualFrame
  readonly q: number
  readonly dd: number
}

/**
 * The window `[c − h, c + h]`, or undefined when one of its frames is not there, an end or the
 * frame q beyond it is black or white, or S and E barely differ — no transition of any kind, still
 * or moving. The frames of a fade next to its black run are dim, not black; moved against the
 * shot's full brightness (a pan, a figure) they are no gain change, and their window passed as a
 * second cut of the fade. `at(i)` gives frame i (the caller's ring holds `c − h − q … c + h + q`).
 *
 * @since 0.1.0
 */
export const windowAt = (at: (i: number) => GradualFrame | undefined, c: number, h: number, st: GradualSettings): Window | undefined => {
  const q = Math.max(2, Math.round(h / 2))
  const S = at(c - h)
  const E = at(c + h)
  const before = at(c - h - q)
  const after = at(c + h + q)
  if (S === undefined || E === undefined || before === undefined || after === undefined || S.blank || E.blank || before.blank || after.blank) return undefined
  const dd = sqDist(S.thumb, E.thumb)
  return dd / S.thumb.length < st.minRms * st.minRms ? undefined : { S, E, before, after, q, dd }
}

/**
 * Tests the window `[c − h, c + h]` between still shots; returns the frame where progress crosses
 * one half, or undefined.
 *
 * @since 0.1.0
 */
export const testWindow = (at: (i: number) => GradualFrame | undefined, w: Window, c: number, h: number, st: GradualSettings): number | undefined => {
  const { S, E, before, after } = w
  const n = S.thumb.length
  // 2. stable outside the window, or else the still cells only
  const side = st.maxSideChange * st.maxSideChange * w.dd
  const still = sqDist(before.thumb, S.thumb) <= side && sqDist(after.thumb, E.thumb) <= side
  const mask = still ? undefined : stillCells(before.thumb, S.thumb, E.thumb, after.thumb, w.dd, st)
  if (!still && mask === undefined) return undefined
  const s = S.thumb
  const e = mask === undefined ? E.thumb : masked(E.thumb, S.thumb, mask, maskedE)
  const dd = mask === undefined ? w.dd : sqDist(s, e)
  // The cheapest decisive test first: where does the centre frame sit between S and E overall?
  const M = at(c)
  if (M === undefined || M.blank) return undefined
  const m = mask === undefined ? M.thumb : masked(M.thumb, S.thumb, mask, maskedF)
  let dot = 0
  for (let i = 0; i < n; i++) dot += (m[i]! - s[i]!) * (e[i]! - s[i]!)
  if (dot < 0.1 * dd || dot > 0.9 * dd) return undefined
  if (!differentShots(s, e, st)) return undefined
  const vote = followsPath((t) => {
    const f = at(t)
    return f === undefined || f.blank ? undefined : { s, e, f: mask === undefined ? f.thumb : masked(f.thumb, S.thumb, mask, maskedF) }
  }, c, h, st)
  // Last because they are the costliest tests: a pan can pass the path tests, but its end frame is
  // its start frame moved.
  return vote === undefined || movedByCamera(at, w, c, h) || shifted(S.thumb, E.thumb, w.dd / n) ? undefined : vote
}

/**
 * The cells that test 2 lets through when the whole picture is not still outside the window — a
 * subject moving through part of a shot that dissolves. A cell is still on a side when its change
 * from `before` to S (or from E to `after`) stays below `maxCellSideChange` of its own S→E change.
 * When, on each side, the cells still on that side carry at least `minStillShare` of the S→E
 * change `dd`, returns the mask of the cells still on both (1: still; reused by the next call),
 * else undefined. A pan or zoom that keeps going changes every cell outside at the pace it changes
 * inside (at most 0.43 of the change in still cells on the benchmark's photo pan).
 *
 * @since 0.1.0
 */
export const stillCells = (before: Float32Array, S: Float32Array, E: Float32Array, after: Float32Array, dd: number, st: GradualSettings): Uint8Array | undefined => {
  const k = st.maxCellSideChange * st.maxCellSideChange
  const mask = stillMask.fill(0, 0, S.length / 3).subarray(0, S.length / 3)
  // Most windows of a moving shot fail early: stop once a side's moving cells hold too much of the
  // change.
  const maxMoving = (1 - st.minStillShare) * dd
  let movingBefore = 0
  let movingAfter = 0
  for (let p = 0, i = 0; p < mask.length; p++, i += 3) {
    const d = (E[i]! - S[i]!) ** 2 + (E[i + 1]! - S[i + 1]!) ** 2 + (E[i + 2]! - S[i + 2]!) ** 2
    const b = (before[i]! - S[i]!) ** 2 + (before[i + 1]! - S[i + 1]!) ** 2 + (before[i + 2]! - S[i + 2]!) ** 2
    const a = (after[i]! - E[i]!) ** 2 + (after[i + 1]! - E[i + 1]!) ** 2 + (after[i + 2]! - E[i + 2]!) ** 2
    const stillBefore = b <= k * d
    const stillAfter = a <= k * d
    if (!stillBefore && (movingBefore += d) > maxMoving) return undefined
    if (!stillAfter && (movingAfter += d) > maxMoving) return undefined
    if (stillBefore && stillAfter) mask[p] = 1
  }
  return mask
}

/** `frame` with the cells outside `mask` set to `S`'s: they then take no part in any test. */
const masked = (frame: Float32Array, S: Float32Array, mask: Uint8Array, into: Float32Array): Float32Array => {
  for (let p = 0, i = 0; p < mask.length; p++, i += 3) {
    const from = mask[p] === 1 ? frame : S
    into[i] = from[i]!
    into[i + 1] = from[i + 1]!
    into[i + 2] = from[i + 2]!
  }
  return into
}

/** Frame t of a window, and where its ends S and E are at that moment (moved with the camera, or not). @since 0.1.0 */
export type PathView = (t: number) => { readonly s: Float32Array; readonly e: Float32Array; readonly f: Float32Array } | undefined

/**
 * Tests 3 and 4 on the window `[c − h, c + h]`: every inner frame lies on the per-pixel way from S
 * to E, progress moves forward, the centre is inside the change. Returns the vote (the middle of
 * the progress ramp) or undefined.
 *
 * @since 0.1.0
 */
export const followsPath = (view: PathView, c: number, h: number, st: GradualSettings): number | undefined => {
  const ts = [c - Math.max(1, Math.round(h / 2)), c, c + Math.max(1, Math.round(h / 2))]
  const prog = [scratchA, scratchB, scratchC]
  const alphas: Array<number> = []
  let ends: { readonly s: Float32Array; readonly e: Float32Array } | undefined
  for (let j = 0; j < ts.length; j++) {
    const v = view(ts[j]!)
    if (v === undefined) return undefined
    const { alpha, offPath } = progress(v.s, v.e, v.f, prog[j]!)
    if (offPath > st.maxOffPath) return undefined
    alphas.push(alpha)
    if (j === 1) ends = v
  }
  if (alphas[1]! < 0.2 || alphas[1]! > 0.8 || ends === undefined) return undefined
  let forward = 0
  let total = 0
  for (let p = 0; p < ends.s.length / 3; p++) {
    let w = 0
    for (let ch = 0; ch < 3; ch++) w += (ends.e[3 * p + ch]! - ends.s[3 * p + ch]!) ** 2
    total += w
    if (prog[0]![p]! <= prog[1]![p]! + 0.15 && prog[1]![p]! <= prog[2]![p]! + 0.15) forward += w
  }
  if (total === 0 || forward / total < st.minForward) return undefined
  // Every inner frame must be on the path too (a flash or a cut between the samples breaks it).
  // The vote goes to the middle of the ramp (progress 0.1 → 0.9): the weighted crossing of one
  // half drifts when S and E share part of the picture (a wipe between look-alike shots).
  const scratch = scratchA
  let first: number | undefined
  let lastBelow = c
  let last = 0
  let previous = 0
  for (let t = c - h + 1; t < c + h; t++) {
    const v = view(t)
    if (v === undefined) return undefined
    const { alpha, offPath } = progress(v.s, v.e, v.f, scratch)
    if (offPath > 2 * st.maxOffPath || alpha < last - 0.15 || alpha - previous > 0.5) return undefined
    previous = alpha
    last = Math.max(last, alpha)
    if (first === undefined && alpha > 0.1) first = t
    if (alpha < 0.9) lastBelow = t
  }
  return first === undefined ? undefined : Math.round((first + lastBelow) / 2)
}
