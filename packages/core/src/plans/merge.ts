/**
 * The merge rule of docs/pipeline.md#merge: two distinct clips of the same source video, temporally
 * adjacent (±1 frame), ordered by start time whoever was "previous"; the result covers both.
 *
 * @since 0.1.0
 */
import { Either } from "effect"

/** The part of a clip a merge plan looks at: its id, source video and frame/time range. @since 0.1.0 */
export interface Span {
  readonly id: number
  readonly sourceVideoId: number
  readonly startFrame: number
  readonly endFrame: number
  readonly startTime: number
  readonly endTime: number
}

/** Two adjacent clips in time order and the combined range of the clip that replaces them. @since 0.1.0 */
export interface MergePlan<A extends Span> {
  readonly first: A
  readonly second: A
  readonly startFrame: number
  readonly endFrame: number
  readonly startTime: number
  readonly endTime: number
}

/** How many frames of gap or overlap two clips may have and still count as adjacent. @since 0.1.0 */
export const adjacencyToleranceFrames = 1

/**
 * Plans merging two clips: they must be distinct, of the same video and adjacent (within
 * `adjacencyToleranceFrames`); otherwise the reason why not.
 *
 * @since 0.1.0
 */
export const plan = <A extends Span>(a: A, b: A): Either.Either<MergePlan<A>, string> => {
  if (a.id === b.id) return Either.left("a clip cannot be merged with itself")
  if (a.sourceVideoId !== b.sourceVideoId) return Either.left("clips belong to different source videos")
  const [first, second] = a.startFrame <= b.startFrame ? [a, b] : [b, a]
  if (Math.abs(first.endFrame - second.startFrame) > adjacencyToleranceFrames) {
    return Either.left(`clips are not adjacent (${first.endFrame} vs ${second.startFrame})`)
  }
  return Either.right({
    first,
    second,
    startFrame: first.startFrame,
    endFrame: Math.max(first.endFrame, second.endFrame),
    startTime: first.startTime,
    endTime: Math.max(first.endTime, second.endTime)
  })
}
