/**
 * A pretend local file system shared by the memory adapters: BlobStore materialises objects here,
 * the fake Media and Fetcher read and write here. Files are bytes under `mem:/…` paths.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Schema } from "effect"

/** The pretend file system's operations: read, write and remove a path, list paths, make a temp path. @since 0.1.0 */
export interface FilesShape {
  readonly read: (path: string) => Uint8Array | undefined
  readonly write: (path: string, bytes: Uint8Array) => void
  readonly remove: (path: string) => void
  readonly paths: () => ReadonlyArray<string>
  /** A fresh path under `mem:/tmp/`. */
  readonly temp: (suffix: string) => string
}

/**
 * The pretend file system the memory adapters share.
 *
 * @since 0.1.0
 * @category tags
 */
export class Files extends Context.Tag("@heaters/adapters/memory/Files")<Files, FilesShape>() {}

/**
 * Builds an empty pretend file system.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.sync(() => {
  const files = new Map<string, Uint8Array>()
  let counter = 0
  return Files.of({
    read: (path) => files.get(path),
    write: (path, bytes) => void files.set(path, bytes),
    remove: (path) => void files.delete(path),
    paths: () => Array.from(files.keys()),
    temp: (suffix) => `mem:/tmp/${++counter}${suffix}`
  })
})

/**
 * An empty pretend file system as a layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = Layer.effect(Files, make)

/**
 * A synthetic video: the fake Media derives probe results, scene cuts, sprites and keyframes from
 * it deterministically. `look` is a scene's visual identity (similar looks embed similarly);
 * `faults` makes the named operations fail, to exercise failure paths.
 *
 * @since 0.1.0
 */
export class SyntheticVideo extends Schema.Class<SyntheticVideo>("SyntheticVideo")({
  fps: Schema.Number,
  width: Schema.Int,
  height: Schema.Int,
  scenes: Schema.NonEmptyArray(Schema.Struct({ seconds: Schema.Number, look: Schema.Number })),
  audio: Schema.optionalWith(Schema.Boolean, { default: () => true }),
  faults: Schema.optionalWith(
    Schema.Array(Schema.Literal("probe", "normalize", "analyze", "sprite", "keyframes", "export")),
    { default: () => [] }
  )
}) {}

const encoder = new TextEncoder()
const decoder = new TextDecoder()
const encode = Schema.encodeSync(Schema.parseJson(SyntheticVideo))
const decode = Schema.decodeUnknownEither(Schema.parseJson(SyntheticVideo))

/** The bytes of a synthetic video file. @since 0.1.0 */
export const videoBytes = (video: SyntheticVideo | ConstructorParameters<typeof SyntheticVideo>[0]): Uint8Array =>
  encoder.encode(encode(video instanceof SyntheticVideo ? video : new SyntheticVideo(video)))

/** Reads a synthetic video back; `undefined` when the bytes are not one. @since 0.1.0 */
export const readVideo = (bytes: Uint8Array): SyntheticVideo | undefined => {
  const result = decode(decoder.decode(bytes))
  return result._tag === "Right" ? result.right : undefined
}
