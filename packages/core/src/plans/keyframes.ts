/**
 * Keyframe plan (DOMAIN.md §5.5 Ours): frames picked by time — `midpoint` (one, tag `mid`) or
 * `multi` (25/50/75 %, tags `25pct`/`50pct`/`75pct`).
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export type Strategy = "midpoint" | "multi"

/** @since 0.1.0 */
export const strategies: ReadonlyArray<Strategy> = ["midpoint", "multi"]

/** One image to extract. `time` is absolute in the master; `frameIndex` is relative to the clip. @since 0.1.0 */
export interface KeyframeShot {
  readonly tag: string
  readonly time: number
  readonly frameIndex: number
}

/** @since 0.1.0 */
export interface KeyframePlan {
  readonly strategy: Strategy
  readonly start: number
  readonly end: number
  readonly fps: number
  readonly shots: ReadonlyArray<KeyframeShot>
}

const points: Record<Strategy, ReadonlyArray<readonly [string, number]>> = {
  midpoint: [["mid", 0.5]],
  multi: [["25pct", 0.25], ["50pct", 0.5], ["75pct", 0.75]]
}

/** @since 0.1.0 */
export const isStrategy = (s: string): s is Strategy => (strategies as ReadonlyArray<string>).includes(s)

/** @since 0.1.0 */
export const plan = (clip: { readonly start: number; readonly end: number; readonly fps: number }, strategy: Strategy): KeyframePlan => ({
  strategy,
  start: clip.start,
  end: clip.end,
  fps: clip.fps,
  shots: points[strategy].map(([tag, pct]) => {
    const offset = (clip.end - clip.start) * pct
    return { tag, time: clip.start + offset, frameIndex: Math.floor(offset * clip.fps) }
  })
})

/** The embedding generation strategy that matches a keyframe strategy (§5.6). @since 0.1.0 */
export const generationStrategyFor = (strategy: Strategy): string =>
  strategy === "midpoint" ? "keyframe_single" : `keyframe_${strategy}_avg`
