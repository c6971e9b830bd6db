/**
 * A deterministic fake Embedder: a keyframe naming a scene `look` becomes a smooth function of
 * that look, so scenes with close looks are close in cosine distance (and search results are
 * predictable in tests). Other bytes are hashed.
 *
 * @since 0.1.0
 */
import { Embedder } from "@heaters/core"
import { Effect, Layer, Option, Schema } from "effect"

/**
 * Settings of the fake Embedder: model `name` (default `openai/clip-vit-base-patch32`), vector
 * `dim` (default 16), and switches for failing and for a text encoder.
 *
 * @since 0.1.0
 */
export interface Options {
  readonly name?: string
  readonly dim?: number
  /** Fail every call (to exercise the embed stage's failure path). */
  readonly failing?: boolean
  /**
   * Give it a text encoder: a text naming a look ("look 3") gets that look's vector, any other
   * text a hashed one. `textDim` (default `dim`) lets tests ask with a vector of the wrong size.
   */
  readonly text?: boolean
  readonly textDim?: number
}

/** The fake Media's images are JSON text such as `{"look":3}`. */
const decodeLook = Schema.decodeUnknownOption(Schema.parseJson(Schema.Struct({ look: Schema.Number })))

const lookOf = (bytes: Uint8Array): number => {
  const image = decodeLook(new TextDecoder().decode(bytes))
  if (Option.isSome(image)) return image.value.look
  // not one of the fake Media's images: a hash
  let h = 2166136261
  for (const b of bytes) h = Math.imul(h ^ b, 16777619)
  return (h >>> 0) / 2 ** 32 * 100
}

/** The vector of a look: nearby looks give nearby vectors. @since 0.1.0 */
export const vectorOf = (look: number, dim: number): Array<number> =>
  Array.from({ length: dim }, (_, i) => Math.cos(look * 0.35 + (i * Math.PI) / dim) + 0.05 * Math.sin(i * 7.1))

/** Builds the fake Embedder. @since 0.1.0 */
export const make = (options: Options = {}) => {
  const dim = options.dim ?? 16
  const model = { name: options.name ?? "openai/clip-vit-base-patch32", version: "fake-1", dim }
  return Embedder.Embedder.of({
    model,
    embed: (images) =>
      options.failing
        ? Effect.fail(new Embedder.EmbedderError({ model: model.name, reason: "synthetic embedder fault" }))
        : Effect.sync(() => images.map((bytes) => vectorOf(lookOf(bytes), dim))),
    ...(options.text
      ? {
        embedText: (texts: ReadonlyArray<string>) =>
          Effect.sync(() =>
            texts.map((text) => {
              const named = /look\s+(-?\d+(?:\.\d+)?)/.exec(text)
              return vectorOf(named ? Number(named[1]) : lookOf(new TextEncoder().encode(text)), options.textDim ?? dim)
            })
          )
      }
      : {})
  })
}

/** The fake Embedder as a layer. @since 0.1.0 */
export const layer = (options: Options = {}) => Layer.succeed(Embedder.Embedder, make(options))
