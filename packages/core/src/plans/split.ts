/**
 * The split rule of docs/plans.md#split: the reviewer picks a clip-relative, 1-based frame on the
 * sprite player; the server maps it to one absolute frame and time, and both halves must be at
 * least `minSegmentSeconds` long. End frames are exclusive: A ends where B starts.
 *
 * @since 0.1.0
 */
import { Either } from "effect"

/** The clip being split: its absolute range, the master's fps, and the fps the sprite player used. @since 0.1.0 */
export interface SplitInput {
  readonly startFrame: number
  readonly endFrame: number
  readonly startTime: number
  readonly endTime: number
  /** The master's fps (absolute frame numbering). */
  readonly sourceFps: number
  /** Candidates in priority order: sprite `clip_fps_source`, sprite `clip_fps`, video fps, metadata fps. */
  readonly fpsCandidates: ReadonlyArray<number | null | undefined>
}

/** Where a split cuts (relative frame, absolute frame and time) and the ranges of the two new clips. @since 0.1.0 */
export interface SplitPlan {
  /** The relative frame the reviewer chose. */
  readonly frame: number
  readonly absoluteFrame: number
  /** Absolute cut time, aligned to `absoluteFrame`. */
  readonly cutTime: number
  readonly first: { readonly startFrame: number; readonly endFrame: number; readonly startTime: number; readonly endTime: number }
  readonly second: { readonly startFrame: number; readonly endFrame: number; readonly startTime: number; readonly endTime: number }
}

const round3 = (t: number) => Math.round(t * 1000) / 1000

/** The fps used to read relative frames: first valid candidate, else 30. @since 0.1.0 */
export const playerFps = (candidates: ReadonlyArray<number | null | undefined>): number =>
  candidates.find((c): c is number => typeof c === "number" && Number.isFinite(c) && c > 0) ?? 30

/**
 * Plans splitting a clip at a 1-based frame of its sprite player: the frame must lie strictly
 * inside the clip and leave both parts at least `minSegmentSeconds` long; otherwise the reason why not.
 *
 * @since 0.1.0
 */
export const plan = (clip: SplitInput, frame: number, minSegmentSeconds: number): Either.Either<SplitPlan, string> => {
  const fps = playerFps(clip.fpsCandidates)
  const total = Math.ceil((clip.endTime - clip.startTime) * fps - 1e-9)
  if (!Number.isInteger(frame)) return Either.left(`frame must be an integer`)
  if (frame < 2 || frame > total - 1) return Either.left(`frame must be within 2…${total - 1}`)
  const relative = (frame - 1) / fps
  const absoluteFrame = Math.round((clip.startTime + relative) * clip.sourceFps)
  if (absoluteFrame <= clip.startFrame || absoluteFrame >= clip.endFrame) {
    return Either.left(`absolute frame ${absoluteFrame} is not inside (${clip.startFrame}, ${clip.endFrame})`)
  }
  const cutTime = round3(absoluteFrame / clip.sourceFps)
  const shortest = Math.min(cutTime - clip.startTime, clip.endTime - cutTime)
  if (shortest < minSegmentSeconds - 1e-9) {
    return Either.left(`each part must last at least ${minSegmentSeconds} s (shorter part: ${round3(shortest)} s)`)
  }
  return Either.right({
    frame,
    absoluteFrame,
    cutTime,
    first: { startFrame: clip.startFrame, endFrame: absoluteFrame, startTime: clip.startTime, endTime: cutTime },
    second: { startFrame: absoluteFrame, endFrame: clip.endFrame, startTime: cutTime, endTime: clip.endTime }
  })
}
