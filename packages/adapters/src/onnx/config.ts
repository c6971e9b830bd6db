/**
 * What a CLIP export's config files say about preprocessing and text: image size, mean/std,
 * resize mode and interpolation, context length, embedding dimension, the model's name. Both
 * layouts' spellings are read (open_clip's `preprocess_cfg`, `vision_cfg`, `text_cfg`, `embed_dim`;
 * Hugging Face's `preprocessor_config.json`, `vision_config`, `text_config`, `projection_dim`);
 * what is absent falls back to OpenAI CLIP's values. See docs/embeddings.md.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { error, type ModelFiles, readJson } from "./files.js"

/** How an image becomes the model's square input. @since 0.1.0 */
export interface Preprocessing {
  /** The model's input: size×size pixels. */
  readonly size: number
  /** `shortest` mode: the shorter side is scaled to this first (≥ size; Hugging Face's `size`), then cropped. */
  readonly shortestEdge: number
  /** `shortest`: scale the shorter side to `size`, centre-crop; `squash`: scale to size×size; `longest`: scale the longer side, pad. */
  readonly resizeMode: "shortest" | "squash" | "longest"
  readonly interpolation: "bicubic" | "bilinear" | "nearest" | "lanczos"
  readonly mean: readonly [number, number, number]
  readonly std: readonly [number, number, number]
  /** Padding colour (0–255) for `longest`. */
  readonly fill: number
}

/** CLIP's preprocessing (OpenAI's ViT-B/32 and most open_clip models). @since 0.1.0 */
export const clipDefaults: Preprocessing = {
  size: 224,
  shortestEdge: 224,
  resizeMode: "shortest",
  interpolation: "bicubic",
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.26130258, 0.27577711],
  fill: 0
}

/** CLIP's text context length. @since 0.1.0 */
export const defaultContextLength = 77

/** @since 0.1.0 */
export interface ModelConfig {
  readonly preprocessing: Preprocessing
  /** Only when a config names one; otherwise the model's input shape or 77 decides. */
  readonly contextLength: number | null
  /** The embedding dimension a config promises, checked against the model's output. */
  readonly embedDim: number | null
  /** `_name_or_path` of a Hugging Face config. */
  readonly name: string | null
}

type Json = Record<string, unknown>
const obj = (x: unknown): Json | null => (typeof x === "object" && x !== null && !Array.isArray(x) ? (x as Json) : null)
const posInt = (x: unknown): number | null => (typeof x === "number" && Number.isInteger(x) && x > 0 ? x : null)

/** `224`, `[224, 224]`, `{shortest_edge: 224}` or `{height: 224, width: 224}` → 224. */
const sizeOf = (x: unknown): number | null => {
  if (posInt(x) !== null) return x as number
  if (Array.isArray(x)) return posInt(x[0])
  const o = obj(x)
  return o === null ? null : posInt(o["shortest_edge"]) ?? posInt(o["height"])
}

// PIL's resampling codes, as Hugging Face writes them.
const pilResample: Record<number, Preprocessing["interpolation"]> = { 0: "nearest", 1: "lanczos", 2: "bilinear", 3: "bicubic" }

const interpolationOf = (x: unknown): Preprocessing["interpolation"] | null => {
  if (typeof x === "number") return pilResample[x] ?? null
  if (typeof x === "string") {
    const name = x.toLowerCase()
    return name === "bicubic" || name === "bilinear" || name === "nearest" || name === "lanczos" ? name : null
  }
  return null
}

/** Reads the config files a model directory has (none is fine: CLIP's defaults). @since 0.1.0 */
export const read = (files: ModelFiles, model: string) =>
  Effect.gen(function* () {
    const config = files.config === null ? {} : obj(yield* readJson(files.config, model)) ?? {}
    const pre = files.preprocessor === null ? {} : obj(yield* readJson(files.preprocessor, model)) ?? {}
    const bad = (file: string | null, what: string) => error(model, "bad_config", what, file ?? files.dir)
    // open_clip keeps the preprocessing either in its own file or inline as `preprocess_cfg`.
    const openClip = { ...(obj(config["preprocess_cfg"]) ?? {}), ...pre }
    const visionCfg = obj(config["vision_cfg"]) ?? obj(config["vision_config"]) ?? {}
    const textCfg = obj(config["text_cfg"]) ?? obj(config["text_config"]) ?? {}

    const triple = (value: unknown, file: string | null, field: string) => {
      if (value === undefined) return Effect.succeed(null)
      if (Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === "number" && Number.isFinite(v))) {
        return Effect.succeed(value as unknown as readonly [number, number, number])
      }
      return Effect.fail(bad(file, `${field} must be three numbers, got ${JSON.stringify(value)}`))
    }
    const preFile = files.preprocessor ?? files.config
    const mean = yield* triple(openClip["image_mean"] ?? openClip["mean"], preFile, "image mean")
    const std = yield* triple(openClip["image_std"] ?? openClip["std"], preFile, "image std")
    if (std !== null && std.some((s) => s <= 0)) return yield* bad(preFile, `image std must be positive, got ${JSON.stringify(std)}`)

    // HF: resize the shortest edge to `size`, then crop `crop_size`; the crop is the model's input.
    const size = sizeOf(openClip["crop_size"]) ?? sizeOf(openClip["size"]) ?? posInt(visionCfg["image_size"]) ?? clipDefaults.size
    const shortestEdge = Math.max(size, sizeOf(openClip["size"]) ?? size)
    const doCrop = openClip["do_center_crop"]
    const mode = openClip["resize_mode"]
    const resizeMode: Preprocessing["resizeMode"] =
      mode === "squash" || mode === "longest" ? mode : doCrop === false ? "squash" : "shortest"
    const interpolation = interpolationOf(openClip["resample"] ?? openClip["interpolation"]) ?? clipDefaults.interpolation
    const fillRaw = openClip["fill_color"]
    const fill = typeof fillRaw === "number" && fillRaw >= 0 && fillRaw <= 255 ? fillRaw : 0

    return {
      preprocessing: { size, shortestEdge, resizeMode, interpolation, mean: mean ?? clipDefaults.mean, std: std ?? clipDefaults.std, fill },
      contextLength: posInt(textCfg["context_length"]) ?? posInt(textCfg["max_position_embeddings"]),
      embedDim: posInt(config["embed_dim"]) ?? posInt(config["projection_dim"]),
      name: typeof config["_name_or_path"] === "string" && config["_name_or_path"] !== "" ? config["_name_or_path"] : null
    } satisfies ModelConfig
  })
