/**
 * The window test for a dissolve between two shots that MOVE (both panning, say), where the
 * still-shot test in `gradual.ts` fails: the picture outside the window is not stable, and the
 * inner frames are not a mix of the end frames as they stand (docs/media.md, "Gradual transitions").
 *
 * Each side's camera motion is measured on the frames just outside the window (the mean of the
 * per-frame shifts, `motion.ts`); S is carried forward and E backward along it, and the usual tests
 * run on the moved pictures, over the inner rectangle they all cover:
 *
 * 1. at least one side moves (still shots are the other test's job), and each side is rigid:
 *    the frame q before S, moved by the S-side motion, is S (a zoom, shake or a subject walking
 *    through is not one shift);
 * 2. different shots even after the motion: S carried to E's time is not E, and E carried back to
 *    S's time is not S — a pan that simply goes on fails here;
 * 3./4. every inner frame t lies on the way from S moved to t to E moved to t, moving forward,
 *    centre inside the change (`followsPath`); and E is not S moved by any shift (`shifted`), nor
 *    by the motion measured over the window (`movedByCamera`).
 *
 * @since 0.1.0
 */
import { movedByCamera } from "./camera.js"
import type { GradualFrame, GradualSettings, Window } from "./gradual.js"
import { followsPath } from "./gradual.js"
import type { Shift } from "./motion.js"
import { cropFor, cropLength, moved, movedDistance } from "./motion.js"
import { GX, GY, differentShots, shifted, sqDist } from "./thumbs.js"

/** Slowest side motion (thumbnail pixels per frame) this test takes on; slower is a still shot. */
const MIN_SPEED = 0.05
/** Largest spread of the per-frame shifts around their mean on a side, relative to the speed. */
const MAX_JITTER = 1.5
/** Below this share of the S→E change left once S is moved along (in whole cells), E is S moved on. */
const MIN_UNMOVED = 0.3

const buffers = Array.from({ length: 6 }, () => new Float32Array(GX * GY * 3))

/** Mean per-frame motion of frames `from…to` (each one's shift from the frame before), if steady. */
const velocity = (at: (i: number) => GradualFrame | undefined, from: number, to: number): Shift | undefined => {
  let dx = 0
  let dy = 0
  const shifts: Array<Shift> = []
  for (let i = from; i <= to; i++) {
    const f = at(i)
    if (f === undefined || f.blank) return undefined
    shifts.push(f.motion)
    dx += f.motion.dx
    dy += f.motion.dy
  }
  dx /= shifts.length
  dy /= shifts.length
  const speed = Math.hypot(dx, dy)
  for (const s of shifts) if (Math.hypot(s.dx - dx, s.dy - dy) > MAX_JITTER * speed + 0.2) return undefined
  return { dx, dy }
}

/**
 * Tests the window `[c − h, c + h]` between moving shots; returns the vote (as `testWindow` does)
 * or undefined.
 *
 * @since 0.1.0
 */
export const testMovingWindow = (at: (i: number) => GradualFrame | undefined, w: Window, c: number, h: number, st: GradualSettings): number | undefined => {
  const { S, E, before, after, q, dd: full } = w
  const vS = velocity(at, c - h - q + 1, c - h)
  const vE = velocity(at, c + h + 1, c + h + q)
  if (vS === undefined || vE === undefined) return undefined
  if (Math.hypot(vS.dx, vS.dy) < MIN_SPEED && Math.hypot(vE.dx, vE.dy) < MIN_SPEED) return undefined
  // Cheap first look, in whole cells: a pan that goes on brings S close to E.
  if (movedDistance(S.thumb, E.thumb, 2 * h * vS.dx, 2 * h * vS.dy) < (MIN_UNMOVED * full) / S.thumb.length) return undefined
  const scaled = (v: Shift, k: number): Shift => ({ dx: v.dx * k, dy: v.dy * k })
  const crop = cropFor([scaled(vS, q), scaled(vS, 2 * h), scaled(vE, -q), scaled(vE, -2 * h)])
  if (crop === undefined) return undefined
  const len = cropLength(crop)
  const [b0, b1, b2, b3, b4, b5] = buffers.map((b) => b.subarray(0, len)) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array]
  const s = moved(S.thumb, 0, 0, crop, b0)
  const e = moved(E.thumb, 0, 0, crop, b1)
  const dd = sqDist(s, e)
  if (dd / len < st.minRms * st.minRms) return undefined
  // 1. each side is one steady camera motion
  const side = st.maxSideChange * st.maxSideChange * dd
  if (sqDist(moved(before.thumb, vS.dx * q, vS.dy * q, crop, b2), s) > side) return undefined
  if (sqDist(moved(after.thumb, -vE.dx * q, -vE.dy * q, crop, b3), e) > side) return undefined
  // 2. different shots, motion taken out
  if (!differentShots(moved(S.thumb, 2 * h * vS.dx, 2 * h * vS.dy, crop, b2), e, st)) return undefined
  if (!differentShots(s, moved(E.thumb, -2 * h * vE.dx, -2 * h * vE.dy, crop, b3), st)) return undefined
  // 3./4. on the way from S to E, both carried along with their camera
  const vote = followsPath((t) => {
    const f = at(t)
    if (f === undefined || f.blank) return undefined
    const ds = t - (c - h)
    const de = c + h - t
    return {
      s: moved(S.thumb, ds * vS.dx, ds * vS.dy, crop, b2),
      e: moved(E.thumb, -de * vE.dx, -de * vE.dy, crop, b3),
      f: moved(f.thumb, 0, 0, crop, t === c ? b5 : b4)
    }
  }, c, h, st)
  return vote === undefined || movedByCamera(at, w, c, h) || shifted(S.thumb, E.thumb, full / S.thumb.length) ? undefined : vote
}
