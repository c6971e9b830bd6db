/**
 * Keyframe plan (docs/pipeline.md#keyframe): frames picked by time — `midpoint` (one, tag `mid`) or
 * `multi` (25/50/75 %, tags `25pct`/`50pct`/`75pct`) — or `best`: the same three times, each
 * replaced by the sharpest usable frame within `searchSeconds` of it (docs/media.md, "Keyframes").
 *
 * @since 0.1.0
 */

/**
 * How keyframes are picked: `midpoint` (one frame), `multi` (25/50/75 %) or `best` (sharpest frame
 * near each of those three times).
 *
 * @since 0.1.0
 */
export type Strategy = "midpoint" | "multi" | "best"

/** Every keyframe strategy, for validating configuration. @since 0.1.0 */
export const strategies: ReadonlyArray<Strategy> = ["midpoint", "multi", "best"]

/** One image to extract. `time` is absolute in the master; `frameIndex` is relative to the clip. @since 0.1.0 */
export interface KeyframeShot {
  readonly tag: string
  readonly time: number
  readonly frameIndex: number
}

/**
 * What a Media adapter needs to extract one clip's keyframes: the clip's absolute range, fps and the
 * shots to take.
 *
 * @since 0.1.0
 */
export interface KeyframePlan {
  readonly strategy: Strategy
  readonly start: number
  readonly end: number
  readonly fps: number
  readonly shots: ReadonlyArray<KeyframeShot>
  /** `best` only: how far (seconds, each side) from a shot's time its candidates may lie. */
  readonly searchSeconds?: number
}

const points: Record<Strategy, ReadonlyArray<readonly [string, number]>> = {
  midpoint: [["mid", 0.5]],
  multi: [["25pct", 0.25], ["50pct", 0.5], ["75pct", 0.75]],
  best: [["25pct", 0.25], ["50pct", 0.5], ["75pct", 0.75]]
}

/** Candidates of a `best` shot lie within this many seconds of it, and within its quarter of the clip. */
const SEARCH_SECONDS = 0.5

/** Whether a string names a keyframe strategy. @since 0.1.0 */
export const isStrategy = (s: string): s is Strategy => (strategies as ReadonlyArray<string>).includes(s)

/**
 * The keyframe plan of a clip for a strategy: one shot per point of the strategy, each with its
 * absolute time and clip-relative frame index.
 *
 * @since 0.1.0
 */
export const plan = (clip: { readonly start: number; readonly end: number; readonly fps: number }, strategy: Strategy): KeyframePlan => ({
  strategy,
  start: clip.start,
  end: clip.end,
  fps: clip.fps,
  ...(strategy === "best" ? { searchSeconds: Math.min(SEARCH_SECONDS, (clip.end - clip.start) / 8) } : {}),
  shots: points[strategy].map(([tag, pct]) => {
    const offset = (clip.end - clip.start) * pct
    return { tag, time: clip.start + offset, frameIndex: Math.floor(offset * clip.fps) }
  })
})

/** The embedding generation strategy that matches a keyframe strategy (docs/pipeline.md#embed). @since 0.1.0 */
export const generationStrategyFor = (strategy: Strategy): string =>
  strategy === "midpoint" ? "keyframe_single" : `keyframe_${strategy}_avg`
