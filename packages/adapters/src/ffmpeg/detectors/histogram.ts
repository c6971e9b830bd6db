/**
 * The baseline detector of docs/pipeline.md#splice: a 768-bin (3 × 256) colour histogram per frame, scaled to
 * unit L2 norm, compared with the previous frame by Pearson correlation (OpenCV's CORREL). A frame
 * whose correlation falls below the threshold (0.3) is a cut candidate. Kept for parity with the
 * original system and as the benchmark's reference; it misses cuts between shots with similar
 * colours and fires on flashes and fades.
 *
 * @since 0.1.0
 */
import type { Detector, Fold, Frame } from "./types.js"

/** The docs/pipeline.md#splice histogram: 768 bins (R, G, B × 256), unit L2 norm. @since 0.1.0 */
export const histogram768 = (frame: Frame): Float64Array => {
  const h = new Float64Array(768)
  const d = frame.data
  const n = frame.width * frame.height * 3
  for (let i = 0; i < n; i += 3) {
    h[d[i]!]! += 1
    h[256 + d[i + 1]!]! += 1
    h[512 + d[i + 2]!]! += 1
  }
  let norm = 0
  for (let i = 0; i < 768; i++) norm += h[i]! * h[i]!
  norm = Math.sqrt(norm)
  if (norm > 0) for (let i = 0; i < 768; i++) h[i]! /= norm
  return h
}

/** OpenCV `HISTCMP_CORREL`: Pearson correlation of two vectors (1 when either is constant). @since 0.1.0 */
export const correl = (a: Float64Array, b: Float64Array): number => {
  const n = a.length
  let ma = 0
  let mb = 0
  for (let i = 0; i < n; i++) {
    ma += a[i]!
    mb += b[i]!
  }
  ma /= n
  mb /= n
  let num = 0
  let da = 0
  let db = 0
  for (let i = 0; i < n; i++) {
    const x = a[i]! - ma
    const y = b[i]! - mb
    num += x * y
    da += x * x
    db += y * y
  }
  const den = Math.sqrt(da * db)
  return den === 0 ? 1 : num / den
}

interface State {
  prev: Float64Array | null
  readonly scores: Array<number>
  readonly candidates: Array<number>
}

/** The histogram fold for a threshold. @since 0.1.0 */
export const histogramFold = (threshold: number): Fold<State> => ({
  init: () => ({ prev: null, scores: [], candidates: [] }),
  step: (state, frame) => {
    const h = histogram768(frame)
    const score = state.prev === null ? 1 : correl(state.prev, h)
    const n = state.scores.length
    state.scores.push(score)
    if (n > 0 && score < threshold) state.candidates.push(n)
    state.prev = h
    return state
  },
  done: (state) => ({ scores: state.scores, candidates: state.candidates })
})

/**
 * `histogram`: score = CORREL with the previous frame (1 for frame 0); cut when score < threshold.
 *
 * @since 0.1.0
 */
export const histogram: Detector = {
  name: "histogram",
  description: "docs/pipeline.md#splice baseline: 768-bin histogram CORREL with the previous frame; cut when the score is below the threshold",
  defaultThreshold: 0.3,
  fold: ({ threshold }) => histogramFold(threshold) as Fold<unknown>
}
