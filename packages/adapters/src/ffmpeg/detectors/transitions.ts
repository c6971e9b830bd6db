/**
 * The streaming side of gradual-transition detection (see `gradual.ts` for the window test): a
 * ring of 32×18 thumbnails (each with its global motion from the previous frame), one window test
 * per frame and scale once enough lookahead arrived (still shots, then moving shots),
 * votes grouped into one cut per transition, and the fade-through-white rule.
 *
 * @since 0.1.0
 */
import type { Features } from "./features.js"
import { isDark, isWhite } from "./features.js"
import type { GradualFrame, GradualSettings } from "./gradual.js"
import { gradualDefaults, testWindow, windowAt } from "./gradual.js"
import { shiftBetween, still } from "./motion.js"
import { testMovingWindow } from "./moving.js"
import { differentShots, thumb } from "./thumbs.js"
import type { Frame } from "./types.js"

/**
 * Frames of rise (into white) or fall (out of it) that make a white run a fade, not a flash (a short
 * fadewhite jumps into white in one frame and fades out; a flash is a jump both ways).
 */
const RAMP = 2

/**
 * The passing windows of one transition. A window whose centre lies inside one already in the
 * group belongs to it: the same change seen over another span.
 */
interface Cluster { end: number; readonly votes: Array<number> }

/** @since 0.1.0 */
export interface Tracker {
  /** Feed frame n (in order) with its adaptive features. */
  readonly step: (frame: Frame, f: Features) => void
  /** Flush at the end of the video; returns the transition cuts found, ascending. */
  readonly done: () => Array<number>
  /** True when frame i is inside a run of white frames (the hard-cut rules leave those alone). */
  readonly isWhiteFrame: (i: number) => boolean
  /** Frame i's thumbnail and motion while it is in the ring (the last ≈ 2 s), else undefined. */
  readonly frame: (i: number) => GradualFrame | undefined
}

const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!

/** A tracker for video at `fps`. @since 0.1.0 */
export const tracker = (fps: number, st: GradualSettings = gradualDefaults): Tracker => {
  const halves = Array.from(new Set(st.halfSeconds.map((s) => Math.max(2, Math.round(s * fps))))).sort((a, b) => a - b)
  const hMax = halves[halves.length - 1]!
  const lookahead = hMax + Math.max(2, Math.round(hMax / 2))
  const fadeReach = Math.max(RAMP + 2, Math.round(fps * 0.5))
  const R = 2 * lookahead + fadeReach + 8
  const ring: Array<GradualFrame | undefined> = new Array(R)
  const lumas: Array<number> = []
  const white: Array<boolean> = []
  const cuts: Array<number> = []
  const pending: Array<{ readonly a: number; readonly b: number; readonly before: Float32Array | undefined }> = []
  let n = 0
  let whiteStart = -1
  let beforeWhite: Float32Array | undefined
  let cluster: Cluster | undefined

  const at = (i: number): GradualFrame | undefined => (i >= 0 && i < n && i > n - R ? ring[i % R] : undefined)
  const flush = () => {
    if (cluster !== undefined) cuts.push(median(cluster.votes))
    cluster = undefined
  }
  const evaluate = (c: number) => {
    for (const h of halves) {
      const w = windowAt(at, c, h, st)
      const vote = w === undefined ? undefined : testWindow(at, w, c, h, st) ?? testMovingWindow(at, w, c, h, st)
      if (vote === undefined) continue
      if (cluster !== undefined && c > cluster.end) flush()
      cluster ??= { end: c + h, votes: [] }
      cluster.end = Math.max(cluster.end, c + h)
      cluster.votes.push(vote)
    }
    if (cluster !== undefined && c > cluster.end) flush()
  }
  const rises = (a: number) => {
    for (let k = 1; k <= RAMP; k++) if (!(lumas[a - k]! < lumas[a - k + 1]! - 0.01)) return false
    return true
  }
  const falls = (b: number) => {
    for (let k = 0; k < RAMP; k++) if (!(lumas[b + k - 1]! > lumas[b + k]! + 0.01)) return false
    return true
  }
  const decideWhite = (p: (typeof pending)[number]) => {
    const after = at(p.b + fadeReach)
    if (p.a - RAMP < 0 || p.before === undefined || after === undefined) return
    if ((rises(p.a) || falls(p.b)) && differentShots(p.before, after.thumb, st)) cuts.push(p.a + Math.floor((p.b - p.a) / 2))
  }

  return {
    step: (frame, f) => {
      const bright = isWhite(f)
      const small = thumb(frame)
      const previous = at(n - 1)
      ring[n % R] = { thumb: small, blank: bright || isDark(f), motion: previous === undefined ? still : shiftBetween(previous.thumb, small) }
      lumas.push(f.luma)
      white.push(bright)
      if (bright && whiteStart < 0) {
        whiteStart = n
        beforeWhite = at(n - fadeReach)?.thumb
      } else if (!bright && whiteStart >= 0) {
        pending.push({ a: whiteStart, b: n, before: beforeWhite })
        whiteStart = -1
      }
      n++
      while (pending.length > 0 && n > pending[0]!.b + fadeReach) decideWhite(pending.shift()!)
      if (n - 1 - lookahead >= 0) evaluate(n - 1 - lookahead)
    },
    done: () => {
      // The last `lookahead` centres lack the frames after them: their windows cannot pass.
      flush()
      return Array.from(new Set(cuts)).sort((a, b) => a - b)
    },
    isWhiteFrame: (i) => white[i] === true,
    frame: at
  }
}
