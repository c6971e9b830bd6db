/**
 * CLIP preprocessing on small known images (made with sharp), against values computed by hand:
 * shortest-side resize, centre crop, scaling to 0..1, mean/std normalisation, CHW layout.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Onnx from "@heaters/adapters/onnx"
import { Effect } from "effect"
import sharp from "sharp"

const png = (width: number, height: number, rgb: ReadonlyArray<readonly [number, number, number]>) =>
  Effect.promise(async () =>
    new Uint8Array(await sharp(Buffer.from(rgb.flat()), { raw: { width, height, channels: 3 } }).png().toBuffer())
  )

const clip = (size: number, extra: Partial<Onnx.Preprocessing> = {}): Onnx.Preprocessing => ({ ...Onnx.clipDefaults, size, shortestEdge: size, ...extra })
const run = (bytes: Uint8Array, p: Onnx.Preprocessing) => Onnx.pixels(sharp, bytes, p, "test", "the image")

describe("CLIP preprocessing", () => {
  it("resize and crop geometry: shorter side to the edge (truncated), centred crop rounded down", () => {
    expect(Onnx.shortestSideSize(640, 360, 224)).toEqual({ width: 398, height: 224 }) // 224 × 640/360 = 398.2
    expect(Onnx.shortestSideSize(360, 640, 224)).toEqual({ width: 224, height: 398 })
    expect(Onnx.shortestSideSize(300, 300, 224)).toEqual({ width: 224, height: 224 })
    expect(Onnx.centreCrop(398, 224, 224)).toEqual({ left: 87, top: 0 })
    expect(Onnx.centreCrop(224, 257, 224)).toEqual({ left: 0, top: 16 })
  })

  it.effect("a 4×2 PNG at size 2: the middle two columns, scaled and normalised with CLIP's mean/std, channel-first", () =>
    Effect.gen(function* () {
      // columns 0..3 of row 0 and row 1; the crop keeps columns 1 and 2
      const image = yield* png(4, 2, [
        [1, 2, 3], [255, 0, 128], [0, 255, 64], [9, 9, 9],
        [7, 7, 7], [128, 128, 128], [255, 255, 255], [4, 5, 6]
      ])
      const out = yield* run(image, clip(2))
      expect(out).toHaveLength(3 * 2 * 2)
      // Hand-computed: (v/255 − mean) / std.  R plane: 255, 0 / 128, 255
      const expected = [
        // R: (1−0.48145466)/0.26862954, (0−0.48145466)/0.26862954, (0.50196078−0.48145466)/0.26862954, 1.93034
        1.930336, -1.792263, 0.076336, 1.930336,
        // G: 0, 255 / 128, 255 with mean 0.4578275, std 0.26130258
        -1.752099, 2.074843, 0.168871, 2.074843,
        // B: 128, 64 / 128, 255 with mean 0.40821073, std 0.27577711
        0.339949, -0.570149, 0.339949, 2.145897
      ]
      expected.forEach((v, i) => expect(out[i]).toBeCloseTo(v, 4))
    }))

  it.effect("a portrait 4×8 image of one colour: resized to 2×4, cropped to 2×2, every value the colour's", () =>
    Effect.gen(function* () {
      const image = yield* png(4, 8, Array.from({ length: 32 }, () => [10, 200, 30] as const))
      const out = yield* run(image, clip(2))
      const plane = (c: number) => Array.from(out.subarray(c * 4, c * 4 + 4))
      plane(0).forEach((v) => expect(v).toBeCloseTo((10 / 255 - 0.48145466) / 0.26862954, 4))
      plane(1).forEach((v) => expect(v).toBeCloseTo((200 / 255 - 0.4578275) / 0.26130258, 4))
      plane(2).forEach((v) => expect(v).toBeCloseTo((30 / 255 - 0.40821073) / 0.27577711, 4))
    }))

  it.effect("nearest-neighbour downscale of 2×2 blocks keeps each block's colour at its place (row-major planes)", () =>
    Effect.gen(function* () {
      const A = [255, 0, 0] as const, B = [0, 255, 0] as const, C = [0, 0, 255] as const, D = [255, 255, 0] as const
      const image = yield* png(4, 4, [A, A, B, B, A, A, B, B, C, C, D, D, C, C, D, D])
      const identity = { mean: [0, 0, 0] as const, std: [1, 1, 1] as const, interpolation: "nearest" as const }
      const out = Array.from(yield* run(image, clip(2, identity)))
      expect(out).toEqual([1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0])
      // squash: a 4×2 image straight to 2×2 (no crop)
      const wide = yield* png(4, 2, [A, A, B, B, C, C, D, D])
      expect(Array.from(yield* run(wide, clip(2, { ...identity, resizeMode: "squash" })))).toEqual([1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0])
    }))

  it.effect("bytes that are no image are a bad_image EmbedderError naming the image", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(run(new TextEncoder().encode("not an image"), clip(224)))
      expect(error._tag).toBe("EmbedderError")
      expect(error.problem).toBe("bad_image")
      expect(error.message).toContain("the image is not a decodable image")
    }))
})
