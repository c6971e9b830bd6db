/**
 * Scene cuts → clip ranges (docs/pipeline.md#splice). A detector proposes candidate frames; here a
 * minimum scene length suppresses candidates closer than `minClipSeconds` to the previous cut (and
 * a too-short tail), so the resulting clips tile the video exactly: no gaps, no overlaps.
 *
 * @since 0.1.0
 */

/** The frame grid of a master: its frame rate and total number of frames. @since 0.1.0 */
export interface Timeline {
  readonly fps: number
  readonly frameCount: number
}

/** A clip range. Frames and times are end-exclusive. @since 0.1.0 */
export interface Range {
  readonly sceneIndex: number
  readonly startFrame: number
  readonly endFrame: number
  readonly startTime: number
  readonly endTime: number
}

/** Seconds rounded to milliseconds, as stored (docs/pipeline.md#splice: 3 dp). @since 0.1.0 */
export const seconds = (frame: number, fps: number): number => Math.round((frame / fps) * 1000) / 1000

/**
 * Keeps the candidates (frame numbers) that start a scene at least `minClipSeconds` long, in
 * order. Frame 0 and the end are implicit boundaries and never returned.
 *
 * @since 0.1.0
 */
export const suppress = (candidates: ReadonlyArray<number>, timeline: Timeline, minClipSeconds: number): Array<number> => {
  const minFrames = Math.max(1, Math.ceil(minClipSeconds * timeline.fps - 1e-9))
  const sorted = Array.from(new Set(candidates.map(Math.round))).sort((a, b) => a - b)
  const kept: Array<number> = []
  let previous = 0
  for (const frame of sorted) {
    if (frame <= 0 || frame >= timeline.frameCount) continue
    if (frame - previous < minFrames) continue
    kept.push(frame)
    previous = frame
  }
  // A tail shorter than the minimum joins the scene before it.
  while (kept.length > 0 && timeline.frameCount - kept[kept.length - 1]! < minFrames) kept.pop()
  return kept
}

/**
 * The clip ranges between consecutive cuts, covering `[0, frameCount)`.
 *
 * @since 0.1.0
 */
export const ranges = (cuts: ReadonlyArray<number>, timeline: Timeline): Array<Range> => {
  const bounds = [0, ...cuts.filter((c) => c > 0 && c < timeline.frameCount), timeline.frameCount]
  const out: Array<Range> = []
  for (let i = 0; i + 1 < bounds.length; i++) {
    const startFrame = bounds[i]!
    const endFrame = bounds[i + 1]!
    if (endFrame <= startFrame) continue
    out.push({
      sceneIndex: out.length + 1,
      startFrame,
      endFrame,
      startTime: seconds(startFrame, timeline.fps),
      endTime: seconds(endFrame, timeline.fps)
    })
  }
  return out
}

/** Candidates → suppressed cuts → ranges, in one call. @since 0.1.0 */
export const plan = (candidates: ReadonlyArray<number>, timeline: Timeline, minClipSeconds: number): Array<Range> =>
  ranges(suppress(candidates, timeline, minClipSeconds), timeline)
