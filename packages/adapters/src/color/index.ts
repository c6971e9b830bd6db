/**
 * `@heaters/adapters/color` — a small, dependency-free image Embedder on ffmpeg: each image is
 * decoded to 16×9 pixels and described by a 64-bin colour histogram plus its mean-centred luma
 * layout. It is no CLIP, but it is real and deterministic: clips of the same shot land close
 * together, so the search page works out of the box (and offline) in the demo.
 *
 * @example
 * import * as Color from "@heaters/adapters/color"
 * const EmbedderLive = Color.layer()
 *
 * @since 0.1.0
 */
import { writeFile } from "node:fs/promises"
import { join } from "node:path"
import { Embedder, Embedding, Errors } from "@heaters/core"
import { Effect, Layer } from "effect"
import { type BinaryOptions, resolve } from "../ffmpeg/binaries.js"
import { collect } from "../ffmpeg/process.js"
import { tempDir } from "../internal/tempDir.js"
import { tmpdir } from "node:os"
import { sweep } from "../scratch/sweep.js"

/** Prefix of this embedder's scratch directories, swept when the layer is built. */
const SCRATCH_PREFIX = "heaters-color-"


/** The model name the colour-layout embedder stores its vectors under. @since 0.1.0 */
export const modelName = "heaters/color-layout"

const width = 16
const height = 9

/**
 * The descriptor of one decoded 16×9 RGB image: histogram and layout, each unit length, so both
 * weigh the same in cosine similarity.
 *
 * @since 0.1.0
 */
export const describe = (rgb: Uint8Array): Array<number> => {
  const pixels = width * height
  const histogram = new Array<number>(64).fill(0)
  const luma = new Array<number>(pixels).fill(0)
  for (let i = 0; i < pixels; i++) {
    const r = rgb[i * 3] ?? 0
    const g = rgb[i * 3 + 1] ?? 0
    const b = rgb[i * 3 + 2] ?? 0
    histogram[(r >> 6) * 16 + (g >> 6) * 4 + (b >> 6)]! += 1
    luma[i] = 0.299 * r + 0.587 * g + 0.114 * b
  }
  const mean = luma.reduce((s, x) => s + x, 0) / pixels
  return [...Embedding.normalize(histogram), ...Embedding.normalize(luma.map((x) => x - mean))]
}

/**
 * Builds the colour-layout Embedder (dimension 208: 64 histogram bins + 16×9 luma), decoding each
 * image with ffmpeg in a temporary directory; it has no text encoder.
 *
 * @since 0.1.0
 */
export const make = (options: BinaryOptions = {}) =>
  // A process killed mid-embed left its scratch directory behind: remove those of gone processes.
  Effect.zipRight(sweep(tmpdir(), [SCRATCH_PREFIX]), resolve(options)).pipe(Effect.map(({ ffmpeg }) => {
    const model = { name: modelName, version: "1", dim: 64 + width * height }
    const fail = (reason: string, cause?: unknown) =>
      new Embedder.EmbedderError({ model: model.name, reason, ...(cause === undefined ? {} : { cause }) })
    const embedOne = (dir: string, bytes: Uint8Array, index: number) =>
      Effect.gen(function* () {
        const file = join(dir, `${index}.img`)
        yield* Effect.tryPromise({ try: () => writeFile(file, bytes), catch: (e) => fail(Errors.describe(e), e) })
        const args = ["-v", "error", "-i", file, "-frames:v", "1", "-vf", `scale=${width}:${height}:flags=area,format=rgb24`, "-f", "rawvideo", "pipe:1"]
        const { stdout } = yield* collect(ffmpeg, args, "decode image").pipe(Effect.mapError((e) => fail(e.message, e)))
        if (stdout.length < width * height * 3) return yield* fail(`image ${index} could not be decoded`)
        return describe(stdout)
      })
    return Embedder.Embedder.of({
      model,
      embed: (images) =>
        Effect.scoped(
          Effect.gen(function* () {
            const dir = yield* tempDir(SCRATCH_PREFIX).pipe(Effect.mapError((e) => fail(e.message, e)))
            return yield* Effect.forEach(images, (bytes, i) => embedOne(dir, bytes, i))
          })
        )
    })
  }))

/** The colour-layout Embedder as a layer. @since 0.1.0 */
export const layer = (options: BinaryOptions = {}) => Layer.effect(Embedder.Embedder, make(options))
