/** Detectors as pure folds on synthetic frame arrays — no ffmpeg involved. */
import { describe, expect, it } from "@effect/vitest"
import { Detectors } from "@heaters/adapters/ffmpeg"

const W = 64
const H = 36
type Pixel = (x: number, y: number, t: number) => readonly [number, number, number]

/** Deterministic pseudo-noise so "static" scenes still change a little, like real footage. */
const noise = (x: number, y: number, t: number) => ((x * 73856093) ^ (y * 19349663) ^ (t * 83492791)) % 7 - 3
const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)))

const frames = (count: number, pixel: Pixel, t0 = 0): Array<Detectors.Frame> =>
  Array.from({ length: count }, (_, i) => {
    const data = new Uint8Array(W * H * 3)
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const [r, g, b] = pixel(x, y, t0 + i)
        const n = noise(x, y, t0 + i)
        const k = (y * W + x) * 3
        data[k] = clamp(r + n)
        data[k + 1] = clamp(g + n)
        data[k + 2] = clamp(b + n)
      }
    }
    return { data, width: W, height: H }
  })

const stripes: Pixel = (x) => (Math.floor(x / 8) % 2 === 0 ? [200, 60, 40] : [30, 90, 200])
const mirrored: Pixel = (x, y, t) => stripes(W - 1 - x, y, t)
const checker: Pixel = (x, y) => ((Math.floor(x / 6) + Math.floor(y / 6)) % 2 === 0 ? [240, 240, 240] : [20, 20, 20])
const gradient: Pixel = (x, y) => [x * 4, y * 7, 128]
const white: Pixel = () => [255, 255, 255]
const black: Pixel = () => [0, 0, 0]
const scaled = (p: Pixel, f: (t: number) => number): Pixel => (x, y, t) => {
  const [r, g, b] = p(x, y, t)
  return [r * f(t), g * f(t), b * f(t)]
}
const scrolling = (p: Pixel, speed: number): Pixel => (x, y, t) => p((x + t * speed) % W, y, t)

const run = (name: string, input: Array<Detectors.Frame>) => Detectors.run(Detectors.lookup(name)!, input, { fps: 25 })

describe("detectors", () => {
  it("the registry resolves names and default", () => {
    expect(Detectors.lookup("default")?.name).toBe("adaptive")
    expect(Detectors.lookup("histogram")?.defaultThreshold).toBe(0.3)
    expect(Detectors.lookup("nope")).toBeUndefined()
  })

  it("histogram: one score per frame, a cut between different shots, CORREL of identical frames is 1", () => {
    const out = run("histogram", [...frames(20, stripes), ...frames(20, checker, 20)])
    expect(out.scores).toHaveLength(40)
    expect(out.scores[0]).toBe(1)
    expect(out.candidates).toEqual([20])
    const h = Detectors.histogram768(frames(1, gradient)[0]!)
    expect(Detectors.correl(h, h)).toBeCloseTo(1, 10)
  })

  it("histogram (baseline) is blind to a mirrored shot and fires twice on a flash — the adaptive detector is not", () => {
    const mirror = [...frames(25, stripes), ...frames(25, mirrored, 25)]
    expect(run("histogram", mirror).candidates).toEqual([])
    expect(run("adaptive", mirror).candidates).toEqual([25])
    const flash = [...frames(25, gradient), ...frames(2, white, 25), ...frames(25, gradient, 27)]
    expect(run("histogram", flash).candidates).toEqual([25, 27])
    expect(run("adaptive", flash).candidates).toEqual([])
  })

  it("adaptive: hard cuts are found exactly", () => {
    const input = [...frames(30, stripes), ...frames(30, checker, 30), ...frames(30, gradient, 60), ...frames(30, mirrored, 90)]
    expect(run("adaptive", input).candidates).toEqual([30, 60, 90])
  })

  it("adaptive: 1-, 2- and 3-frame flashes are not cuts", () => {
    for (const n of [1, 2, 3]) {
      const input = [...frames(25, checker), ...frames(n, white, 25), ...frames(25, checker, 25 + n)]
      expect(run("adaptive", input).candidates, `${n}-frame flash`).toEqual([])
    }
  })

  it("adaptive: a flash during a fast pan is still a flash", () => {
    const pan = scrolling(checker, 5)
    const input = [...frames(25, pan), ...frames(2, white, 25), ...frames(25, pan, 27)]
    expect(run("adaptive", input).candidates).toEqual([])
  })

  it("adaptive: an encoder's keyframe refresh after a frozen stretch is not a cut", () => {
    // Static shots compress to identical frames, then the next I-frame shifts everything a little.
    const frozen = Array(30).fill(frames(1, gradient)[0]!)
    const refreshed = Array(30).fill(frames(1, scaled(gradient, () => 1.03), 7)[0]!)
    expect(run("adaptive", [...frozen, ...refreshed]).candidates).toEqual([])
  })

  it("adaptive: a fade through black gives one cut, inside the black", () => {
    const out = frames(25, scaled(stripes, (t) => 1 - t / 10), 0).slice(0, 10)
    const input = [...frames(20, stripes), ...out, ...frames(6, black, 30), ...frames(10, scaled(checker, (t) => (t - 36) / 10), 36), ...frames(20, checker, 46)]
    const cuts = run("adaptive", input).candidates
    expect(cuts).toHaveLength(1)
    expect(cuts[0]).toBeGreaterThanOrEqual(29)
    expect(cuts[0]).toBeLessThanOrEqual(37)
  })

  it("adaptive: fast in-scene motion is not a cut, a cut between two fast pans is", () => {
    const input = [...frames(40, scrolling(checker, 5)), ...frames(40, scrolling(gradient, 7), 40)]
    expect(run("adaptive", input).candidates).toEqual([40])
  })

  it("adaptive: a lower threshold (ratio) finds more, a higher one fewer", () => {
    const input = [...frames(30, stripes), ...frames(30, mirrored, 30)]
    const d = Detectors.lookup("adaptive")!
    expect(Detectors.run(d, input, { fps: 25, threshold: 1000 }).candidates).toEqual([])
    expect(Detectors.run(d, input, { fps: 25, threshold: 2 }).candidates).toEqual([30])
  })
})
