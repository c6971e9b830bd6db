/**
 * Is a window's end frame just its start frame moved by the camera (docs/media.md, "Gradual
 * transitions", test 1)? Both window tests ask it last, once a window has passed everything else.
 *
 * @since 0.1.0
 */
import type { GradualFrame, Window } from "./gradual.js"
import type { Shift } from "./motion.js"
import { cropFor, cropLength, moved } from "./motion.js"
import { GX, GY, sqDist } from "./thumbs.js"

/**
 * What is left of the S→E difference once S is moved by the window's camera motion: below the
 * first share E is S moved; below the second, too, if the motion goes on just outside the window.
 */
const MOVED_EXACTLY = 0.15
const MOVED_LOOSELY = 0.4

// S and E over the common crop, reused by every call (the fold is single-threaded).
const cameraS = new Float32Array(GX * GY * 3)
const cameraE = new Float32Array(GX * GY * 3)

/** Mean per-frame shift of frames `from` … `to` (each frame's shift from the one before), or undefined if one is missing. */
const meanMotion = (at: (i: number) => GradualFrame | undefined, from: number, to: number): Shift | undefined => {
  let dx = 0
  let dy = 0
  for (let t = from; t <= to; t++) {
    const f = at(t)
    if (f === undefined) return undefined
    dx += f.motion.dx
    dy += f.motion.dy
  }
  return { dx: dx / (to - from + 1), dy: dy / (to - from + 1) }
}

/**
 * Is E the start frame S moved by the camera — by the motion `motion.ts` measured over the window,
 * sampled bilinearly? A pan whose frames advance unevenly (a repeated frame every fifth, as 3:2
 * pulldown leaves when 24 fps film is shown at 30) or a shake can pass the path tests over a short
 * window: moved by the measured motion, S leaves 5–11 % of its difference to E. A figure crossing a
 * smooth photograph (all the motion the estimate sees) leaves 21–36 %, and so can a dissolve between
 * look-alike shots, 22 % and more, where the blend throws the estimate off. What tells those two
 * apart is the motion just outside the window: the figure's goes on at the same speed, the blend's
 * does not. `shifted` searches whole cells only and misses these moves.
 *
 * @since 0.1.0
 */
export const movedByCamera = (at: (i: number) => GradualFrame | undefined, w: Window, c: number, h: number): boolean => {
  const inside = meanMotion(at, c - h + 1, c + h)
  if (inside === undefined) return false
  const dx = inside.dx * 2 * h
  const dy = inside.dy * 2 * h
  const crop = cropFor([{ dx, dy }])
  if (crop === undefined) return false
  const n = cropLength(crop)
  const e = moved(w.E.thumb, 0, 0, crop, cameraE.subarray(0, n))
  const away = sqDist(moved(w.S.thumb, 0, 0, crop, cameraS.subarray(0, n)), e)
  const left = sqDist(moved(w.S.thumb, dx, dy, crop, cameraS.subarray(0, n)), e) / away
  if (left < MOVED_EXACTLY) return true
  if (!(left < MOVED_LOOSELY)) return false
  const speed = Math.hypot(inside.dx, inside.dy)
  const steady = (side: Shift | undefined) => side !== undefined && Math.hypot(side.dx - inside.dx, side.dy - inside.dy) <= 0.5 * speed + 0.05
  return steady(meanMotion(at, c - h - w.q + 1, c - h)) && steady(meanMotion(at, c + h + 1, c + h + w.q))
}
