/**
 * Image → model input: decoded by sharp (libvips), converted to 8-bit sRGB without alpha, resized
 * and cropped as CLIP's preprocessing does, scaled to 0..1 and normalised by mean/std, laid out
 * channel-first (CHW) as float32. See docs/embeddings.md for how this matches the reference.
 *
 * @since 0.1.0
 */
import { Errors } from "@heaters/core"
import { Effect } from "effect"
import type { Preprocessing } from "./config.js"
import { error } from "./files.js"
import type { Sharp } from "./libraries.js"

const kernels = { bicubic: "cubic", bilinear: "linear", nearest: "nearest", lanczos: "lanczos3" } as const

/**
 * The size an image is scaled to before cropping in `shortest` mode: the shorter side becomes
 * `edge`, the longer keeps the aspect ratio, truncated (as torchvision and Hugging Face do).
 *
 * @since 0.1.0
 */
export const shortestSideSize = (width: number, height: number, edge: number) =>
  width <= height
    ? { width: edge, height: Math.max(edge, Math.floor((edge * height) / width)) }
    : { width: Math.max(edge, Math.floor((edge * width) / height)), height: edge }

/** Top-left corner of a centred `size`×`size` crop (rounded down, as Hugging Face's `center_crop`). @since 0.1.0 */
export const centreCrop = (width: number, height: number, size: number) => ({
  left: Math.floor((width - size) / 2),
  top: Math.floor((height - size) / 2)
})

/**
 * Interleaved RGB bytes (HWC) → normalised CHW float32, written into `out` at `offset`.
 *
 * @since 0.1.0
 */
export const normalise = (rgb: Uint8Array, p: Preprocessing, out: Float32Array, offset = 0): Float32Array => {
  const plane = p.size * p.size
  for (let c = 0; c < 3; c++) {
    const scale = 1 / (255 * p.std[c]!)
    const shift = p.mean[c]! / p.std[c]!
    const base = offset + c * plane
    for (let i = 0; i < plane; i++) out[base + i] = rgb[i * 3 + c]! * scale - shift
  }
  return out
}

/**
 * Decodes one encoded image (JPEG, PNG, WebP, …) to the model's input: `3 × size × size` floats.
 * An undecodable image is a `bad_image` error naming it by `label`.
 *
 * @since 0.1.0
 */
export const pixels = (sharp: Sharp, bytes: Uint8Array, p: Preprocessing, model: string, label: string) =>
  Effect.tryPromise({
    try: async () => {
      const source = sharp(bytes, { failOn: "error" })
      const meta = await source.metadata()
      const width = meta.width
      const height = meta.height
      if (!width || !height) throw new Error("no image size")
      const kernel = kernels[p.interpolation]
      // Alpha is dropped as PIL's convert("RGB") does; sharp would otherwise premultiply it into
      // the resize (and remove it only at the end), shifting the colours of translucent pixels.
      let pipeline = meta.hasAlpha
        ? sharp(await source.removeAlpha().toColourspace("srgb").raw().toBuffer(), { raw: { width, height, channels: 3 } })
        : source.toColourspace("srgb")
      if (p.resizeMode === "shortest") {
        const scaled = shortestSideSize(width, height, p.shortestEdge)
        const crop = centreCrop(scaled.width, scaled.height, p.size)
        pipeline = pipeline
          .resize(scaled.width, scaled.height, { fit: "fill", kernel, fastShrinkOnLoad: false })
          .extract({ left: crop.left, top: crop.top, width: p.size, height: p.size })
      } else {
        pipeline = pipeline.resize(p.size, p.size, {
          fit: p.resizeMode === "squash" ? "fill" : "contain",
          background: { r: p.fill, g: p.fill, b: p.fill },
          kernel,
          fastShrinkOnLoad: false
        })
      }
      const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true })
      if (info.channels !== 3 || info.width !== p.size || info.height !== p.size) {
        throw new Error(`decoded to ${info.width}×${info.height}×${info.channels}, expected ${p.size}×${p.size}×3`)
      }
      return normalise(data, p, new Float32Array(3 * p.size * p.size))
    },
    catch: (e) => error(model, "bad_image", `${label} is not a decodable image (${Errors.describe(e)})`, undefined, e)
  })
