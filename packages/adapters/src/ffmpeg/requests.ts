/**
 * Checks that a plan fits the video before any process starts, so a bad request fails with
 * `InvalidMediaRequest` and writes nothing.
 *
 * @since 0.1.0
 */
import type { SpritePlan } from "@heaters/core/pipeline"
import { Media } from "@heaters/core"
import { Effect } from "effect"

/** JPEG cannot hold more than 65 535 px per side; we also refuse sheets above this many pixels. @since 0.1.0 */
export const MAX_SHEET_SIDE = 65_500
/** @since 0.1.0 */
export const MAX_SHEET_PIXELS = 400_000_000

const fail = (operation: string, reason: string) => Effect.fail(new Media.InvalidMediaRequest({ operation, reason }))

/**
 * `[start, end)` must be a non-empty range inside the video (end may exceed the duration by one frame,
 * since the container's duration and the last frame's end can differ by that much).
 *
 * @since 0.1.0
 */
export const checkRange = (operation: string, info: Media.MediaInfo, start: number, end: number): Effect.Effect<void, Media.InvalidMediaRequest> => {
  if (!Number.isFinite(start) || !Number.isFinite(end)) return fail(operation, `range [${start}, ${end}) is not finite`)
  if (start < 0) return fail(operation, `range starts before the video (${start} s)`)
  if (end <= start) return fail(operation, `empty range [${start}, ${end})`)
  const slack = 1 / info.fps + 1e-6
  if (start >= info.durationSeconds) return fail(operation, `range starts at ${start} s, after the video's end (${info.durationSeconds} s)`)
  if (end > info.durationSeconds + slack) return fail(operation, `range ends at ${end} s, after the video's end (${info.durationSeconds} s)`)
  return Effect.void
}

/**
 * Where to seek (`-ss` before `-i`) to start exactly at the frame that begins at `t`. Stored times
 * are rounded to milliseconds, so `t` can lie a little before or after that frame's timestamp, and
 * ffmpeg drops every frame before the seek point: half a frame earlier keeps the frame and drops
 * the one before it, on a constant or a variable frame rate alike.
 *
 * @since 0.1.0
 */
export const seekPoint = (t: number, fps: number): number => Math.max(0, t - 0.5 / fps)

const positiveInt = (n: number) => Number.isInteger(n) && n > 0

/**
 * A sprite plan must fit the video and produce a sheet a JPEG can hold.
 *
 * @since 0.1.0
 */
export const checkSpritePlan = (operation: string, info: Media.MediaInfo, plan: SpritePlan.SpritePlan): Effect.Effect<void, Media.InvalidMediaRequest> =>
  Effect.suspend(() => {
    if (!positiveInt(plan.cols) || !positiveInt(plan.rows) || !positiveInt(plan.frames)) {
      return fail(operation, `cols/rows/frames must be positive integers, got ${plan.cols}/${plan.rows}/${plan.frames}`)
    }
    if (plan.cols * plan.rows < plan.frames) return fail(operation, `${plan.frames} tiles do not fit a ${plan.cols}x${plan.rows} grid`)
    if (!positiveInt(plan.tileWidth) || !positiveInt(plan.tileHeight) || plan.tileWidth < 2 || plan.tileHeight < 2 || plan.tileWidth > 8192 || plan.tileHeight > 8192) {
      return fail(operation, `tile size ${plan.tileWidth}x${plan.tileHeight} is out of range (2…8192 px)`)
    }
    const w = plan.cols * plan.tileWidth
    const h = plan.rows * plan.tileHeight
    if (w > MAX_SHEET_SIDE || h > MAX_SHEET_SIDE || w * h > MAX_SHEET_PIXELS) return fail(operation, `a ${w}x${h} px sheet is too large`)
    if (!(plan.fps > 0) || !Number.isFinite(plan.fps)) return fail(operation, `sprite fps must be positive, got ${plan.fps}`)
    return checkRange(operation, info, plan.start, plan.end)
  })
