/**
 * `adaptive`: the default detector. The score of frame n is the distance between frames n−1 and n
 * (block means + coarse histogram, see `features.ts`). A frame is a cut when its score is a local
 * peak that stands out from its surroundings:
 *
 * - **adaptive threshold**: score ≥ threshold × max(median of the scores just before, median just
 *   after). Sustained change — fast motion, a pan, a dissolve, the ramp of a fade — raises one of
 *   the medians, so only isolated jumps pass; a cut between similar-looking shots still stands far
 *   above the near-zero scores of static footage.
 * - **jump cuts**: the same picture moved — a cut inside one set-up, reframed a little — changes
 *   too little for the noise floor; a jump below it counts when the picture moved at n and only at n
 *   (the global shift of n against n−1 is many times the shifts around it, moving n−1 by it brings
 *   it closer to n, and no frame within half a second moved by a quarter as much). A codec's keyframe pulse, a lighting change or text typed
 *   onto a card changes as much without moving anything; a starved stream's pan moves in jerks.
 * - **flash rejection**: if frame n+k (k ≤ 3) looks like frame n−1 again, n starts a flash; if frame
 *   n looks like a frame just before the previous spike, n ends one. Neither is a cut.
 * - **fades through black**: a run of black frames yields one cut at its middle (runs of ≤ 3 frames
 *   only when the shots on both sides differ); the jumps into and out of black are not cuts.
 * - **gradual transitions** (dissolves, wipes, fades through white; `transitions.ts`): one cut at
 *   the middle of each, found in the same fold.
 *
 * Decisions wait for `window` frames of lookahead (half a second where the jump-cut rule needs
 * it), so memory stays a small ring of features.
 *
 * @since 0.1.0
 */
import type { Features } from "./features.js"
import { colourDistance, distance, features, isDark, meanAndStd } from "./features.js"
import type { Tracker } from "./transitions.js"
import type { Shift } from "./motion.js"
import { cropFor, cropLength, moved, shiftBetween } from "./motion.js"
import { sqDist } from "./thumbs.js"
import { tracker } from "./transitions.js"
import type { Detector, DetectorOptions, Fold } from "./types.js"

/** Tunables (the defaults are what the benchmark in bench/ selected). @since 0.1.0 */
export interface AdaptiveSettings {
  /** Neighbourhood on each side, in seconds. */
  readonly windowSeconds: number
  /** Scores below this are never cuts (noise floor; the distance is 0…1). */
  readonly minScore: number
  /** Longest flash rejected, in frames. */
  readonly flashFrames: number
  /** Frames n−1 and n+k "match" when their distance is below this fraction of the jump. */
  readonly flashMatch: number
  /** A colour jump at least this big (0…1) may be a flash even if the layout moved (pans). */
  readonly flashColourJump: number
  /** Jump cuts: the least score (below `minScore`) and the least global shift, in 32×18 thumbnail pixels. */
  readonly jumpMinScore: number
  readonly jumpMinShift: number
  /** A jump cut's shift is at least this many times the shifts of the frames around it. */
  readonly jumpShiftRatio: number
}

/**
 * The default `adaptive` settings: 0.2 s windows, noise floor 0.1, flashes of up to 3 frames, jump
 * cuts down to a score of 0.012 that move the picture by 0.1 px (a 1.5 % shift of a 32 px
 * thumbnail measured 0.12 px, keyframe pulses and lighting changes 0.00–0.04) and 8 × its
 * surroundings.
 *
 * @since 0.1.0
 */
export const defaults: AdaptiveSettings = {
  windowSeconds: 0.2,
  minScore: 0.1,
  flashFrames: 3,
  flashMatch: 0.4,
  flashColourJump: 0.3,
  jumpMinScore: 0.012,
  jumpMinShift: 0.1,
  jumpShiftRatio: 8
}

/**
 * Whether moving `a` by `motion` brings it closer to `b` than it stands: a shift measured on a
 * picture with structure in one direction only (bars, stripes) can be pure noise along the other,
 * and then moving makes it worse (a codec's pulse on colour bars: 29 × the difference; jump cuts:
 * 0.5–0.9 ×).
 */
const explains = (a: Float32Array, b: Float32Array, motion: Shift): boolean => {
  const crop = cropFor([motion])
  if (crop === undefined) return false
  const length = cropLength(crop)
  const target = moved(b, 0, 0, crop, new Float32Array(length))
  return sqDist(moved(a, motion.dx, motion.dy, crop, new Float32Array(length)), target) < MAX_RESIDUAL * sqDist(moved(a, 0, 0, crop, new Float32Array(length)), target)
}
/** Largest share of a jump's difference left once the first picture is moved by the jump's shift. */
const MAX_RESIDUAL = 0.95

/** A thumbnail with zero mean and unit deviation: the same whatever the exposure. */
const normalised = (t: Float32Array): Float32Array => {
  const { mean, std } = meanAndStd(t)
  return t.map((v) => (v - mean) / Math.max(1e-6, std))
}

const median = (xs: Array<number>): number => {
  if (xs.length === 0) return 0
  xs.sort((a, b) => a - b)
  const m = xs.length >> 1
  return xs.length % 2 === 1 ? xs[m]! : (xs[m - 1]! + xs[m]!) / 2
}

interface State {
  n: number
  next: number
  darkStart: number
  beforeDark: Features | null
  readonly ring: Array<Features | undefined>
  readonly scores: Array<number>
  readonly dark: Array<boolean>
  readonly candidates: Array<number>
  readonly transitions: Tracker
}

/** The fold, parameterised (tests and the benchmark use other settings). @since 0.1.0 */
export const fold = (options: DetectorOptions, settings: AdaptiveSettings = defaults): Fold<State> => {
  const ratio = options.threshold
  const W = Math.max(3, Math.round(options.fps * settings.windowSeconds))
  const K = settings.flashFrames
  // Half a second each side of a jump cut, within what the transition tracker keeps.
  const J = Math.max(3, Math.round(options.fps * 0.5))
  const R = W + K + 8
  const at = (s: State, i: number): Features | undefined => (i >= 0 && i < s.n && i > s.n - R ? s.ring[i % R] : undefined)

  const shiftAt = (s: State, i: number): number => {
    const motion = s.transitions.frame(i)?.motion
    return motion === undefined ? 0 : Math.hypot(motion.dx, motion.dy)
  }
  /**
   * The picture moved at n, and only at n: a jump cut (see the module's doc). The shift at n is
   * measured again between the two thumbnails with their gain and offset taken out: on a smooth
   * gradient, a change of brightness alone reads as motion to Lucas–Kanade.
   */
  const jumped = (s: State, n: number): boolean => {
    const a = s.transitions.frame(n - 1)
    const b = s.transitions.frame(n)
    if (a === undefined || b === undefined) return false
    const before = normalised(a.thumb)
    const after = normalised(b.thumb)
    const motion = shiftBetween(before, after)
    const shift = Math.hypot(motion.dx, motion.dy)
    if (shift < settings.jumpMinShift || !explains(before, after, motion)) return false
    // Still around it, and no other jerk nearby: a starved stream's stuttering pan moves in jerks too.
    const around = Array.from({ length: 2 * J + 1 }, (_, k) => (k === J ? 0 : shiftAt(s, n - J + k)))
    return shift >= settings.jumpShiftRatio * Math.max(median(around.slice(0, J)), median(around.slice(J + 1)), 0.005) && Math.max(...around) < shift / 4
  }

  const decide = (s: State, n: number): void => {
    const score = s.scores[n]!
    if (n < 1 || score < settings.jumpMinScore) return
    // Entering or leaving black belongs to the fade rule; the ramp into or out of white (a flash or a
    // fade through white) to the flash and white-fade rules.
    if (s.dark[n] !== s.dark[n - 1]) return
    for (let k = -K - 1; k <= K; k++) if (s.transitions.isWhiteFrame(n + k)) return
    if (score < s.scores[n - 1]! || (n + 1 < s.n && score <= s.scores[n + 1]!)) return
    const left = s.scores.slice(Math.max(1, n - W), Math.max(1, n - 1))
    const right = s.scores.slice(n + 2, Math.min(s.n, n + W + 1))
    if (score < ratio * Math.max(median(left), median(right))) return
    if (score < settings.minScore && !jumped(s, n)) return
    const before = at(s, n - 1)
    const here = at(s, n)!
    // Two frames "match" when their full distance is small next to the jump — or, when the jump is a
    // big colour change (a flash is), when their colours match: inside a pan the layout drifts
    // between n−1 and n+k but the colours do not.
    const jump = before === undefined ? 0 : colourDistance(before, here)
    const match = (a: Features, b: Features) =>
      distance(a, b) < settings.flashMatch * score || (jump >= settings.flashColourJump && colourDistance(a, b) < settings.flashMatch * jump)
    for (let k = 1; k <= K && before !== undefined; k++) {
      const later = at(s, n + k)
      if (later !== undefined && match(before, later)) return
    }
    for (let j = 2; j <= K + 1; j++) {
      const earlier = at(s, n - j)
      if (earlier !== undefined && match(earlier, here)) return
    }
    s.candidates.push(n)
  }

  const darkRunEnded = (s: State, a: number, b: number, after: Features): void => {
    if (a === 0) return // black at the very start is a lead-in, not a transition
    const long = b - a > K
    if (long || (s.beforeDark !== null && distance(s.beforeDark, after) >= settings.minScore)) s.candidates.push(a + Math.floor((b - a) / 2))
  }

  return {
    init: () => ({ n: 0, next: 1, darkStart: -1, beforeDark: null, ring: new Array(R), scores: [], dark: [], candidates: [], transitions: tracker(options.fps) }),
    step: (s, frame) => {
      const f = features(frame)
      s.transitions.step(frame, f)
      const n = s.n
      const prev = at(s, n - 1)
      s.ring[n % R] = f
      s.scores.push(prev === undefined ? 0 : distance(prev, f))
      const dark = isDark(f)
      s.dark.push(dark)
      if (dark && s.darkStart < 0) {
        s.darkStart = n
        s.beforeDark = prev ?? null
      } else if (!dark && s.darkStart >= 0) {
        darkRunEnded(s, s.darkStart, n, f)
        s.darkStart = -1
        s.beforeDark = null
      }
      s.n = n + 1
      while (s.next + Math.max(W, J) < s.n) decide(s, s.next++)
      return s
    },
    done: (s) => {
      while (s.next < s.n) decide(s, s.next++)
      return { scores: s.scores, candidates: Array.from(new Set([...s.candidates, ...s.transitions.done()])).sort((a, b) => a - b) }
    }
  }
}

/**
 * The `adaptive` detector (the default): frame distance against a threshold of 3 × the median of
 * the neighbouring scores, with flash rejection, fades and gradual transitions.
 *
 * @since 0.1.0
 */
export const adaptive: Detector = {
  name: "adaptive",
  description:
    "frame distance (block means + colour histogram) against an adaptive threshold (× median of the neighbouring scores), with flash rejection and one cut per fade through black; score = distance to the previous frame, 0…1",
  defaultThreshold: 3,
  fold: (options) => fold(options) as Fold<unknown>
}
