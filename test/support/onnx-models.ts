/**
 * CLIP-shaped ONNX models generated on the spot (no CLIP weights can be downloaded here), laid out
 * as a real export would be: the Immich/open_clip layout or the Hugging Face one. The tiny models
 * (kilobytes) drive the tests; `vitB32Like` has ViT-B/32's parameter count and FLOPs for timing.
 *
 * - vision: `pixel_values [N,3,S,S]` → AveragePool 32×32 → Flatten → MatMul → `image_embeds [N,D]`
 * - text: `input_ids [N,77]` (+ `attention_mask`) → Gather → mask → ReduceSum → MatMul → `text_embeds [N,D]`
 *
 * Weights are fixed pseudo-random numbers (seeded), so every run writes the same bytes.
 */
import { mkdirSync, writeFileSync, copyFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { encode, type Model, type Node, type Tensor, type Value } from "./onnx-proto.js"

/** The fixture tokenizer (a tiny CLIP-style byte-level BPE): 64 ids, `<|startoftext|>` 62, `<|endoftext|>` 63. */
export const tokenizerFixture = fileURLToPath(new URL("../onnx/fixtures/tokenizer.json", import.meta.url))
export const fixtureVocabSize = 64

/** mulberry32: small, seeded, good enough for weights. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** A float tensor of uniform values in [-scale, scale]. */
export const weights = (name: string, dims: ReadonlyArray<number>, seed: number, scale = 1): Tensor => {
  const next = random(seed)
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1))
  for (let i = 0; i < data.length; i++) data[i] = (next() * 2 - 1) * scale
  return { name, dims, data }
}

const int64s = (name: string, values: ReadonlyArray<number>): Tensor => ({
  name,
  dims: [values.length],
  data: BigInt64Array.from(values.map(BigInt))
})

/** Options for the tiny vision model. */
export interface VisionOptions {
  readonly dim?: number
  readonly imageSize?: number
  readonly inputName?: string
  readonly outputName?: string
  /** Extra inputs (to make a model whose inputs are not CLIP's). */
  readonly extraInputs?: ReadonlyArray<Value>
  /** Declare the output's last dimension symbolically (then the embedder finds it with a first run). */
  readonly symbolicDim?: boolean
  readonly seed?: number
}

/** The tiny vision model: 32×32 average pooling, flatten, one projection. */
export const tinyVision = (options: VisionOptions = {}): Uint8Array => {
  const dim = options.dim ?? 32
  const size = options.imageSize ?? 224
  const cells = Math.floor(size / 32)
  const features = 3 * cells * cells
  const input = options.inputName ?? "pixel_values"
  const output = options.outputName ?? "image_embeds"
  const model: Model = {
    inputs: [{ name: input, type: "float", shape: ["batch", 3, size, size] }, ...(options.extraInputs ?? [])],
    outputs: [{ name: output, type: "float", shape: ["batch", options.symbolicDim ? "dim" : dim] }],
    initializers: [weights("projection", [features, dim], options.seed ?? 1)],
    nodes: [
      { op: "AveragePool", inputs: [input], outputs: ["pooled"], attributes: { kernel_shape: { ints: [32, 32] }, strides: { ints: [32, 32] } } },
      { op: "Flatten", inputs: ["pooled"], outputs: ["flat"], attributes: { axis: { i: 1 } } },
      { op: "MatMul", inputs: ["flat", "projection"], outputs: [output] }
    ]
  }
  return encode(model)
}

/** Options for the tiny text model. */
export interface TextOptions {
  readonly dim?: number
  readonly contextLength?: number
  readonly vocabSize?: number
  readonly attentionMask?: boolean
  readonly idsName?: string
  readonly idsType?: "int32" | "int64"
  readonly outputName?: string
  readonly extraInputs?: ReadonlyArray<Value>
  readonly seed?: number
}

/** The tiny text model: token embeddings, masked sum over the sequence, one projection. */
export const tinyText = (options: TextOptions = {}): Uint8Array => {
  const dim = options.dim ?? 32
  const context = options.contextLength ?? 77
  const hidden = 16
  const ids = options.idsName ?? "input_ids"
  const idsType = options.idsType ?? "int64"
  const output = options.outputName ?? "text_embeds"
  const nodes: Array<Node> = [{ op: "Gather", inputs: ["token_embedding", ids], outputs: ["tokens"], attributes: { axis: { i: 0 } } }]
  if (options.attentionMask ?? true) {
    nodes.push(
      { op: "Cast", inputs: ["attention_mask"], outputs: ["mask_f"], attributes: { to: { i: 1 } } },
      { op: "Unsqueeze", inputs: ["mask_f", "axis2"], outputs: ["mask3"] },
      { op: "Mul", inputs: ["tokens", "mask3"], outputs: ["masked"] }
    )
  }
  nodes.push(
    { op: "ReduceSum", inputs: [options.attentionMask ?? true ? "masked" : "tokens", "axis1"], outputs: ["summed"], attributes: { keepdims: { i: 0 } } },
    { op: "MatMul", inputs: ["summed", "projection"], outputs: [output] }
  )
  const inputs: Array<Value> = [{ name: ids, type: idsType, shape: ["batch", context] }]
  if (options.attentionMask ?? true) inputs.push({ name: "attention_mask", type: idsType, shape: ["batch", context] })
  return encode({
    inputs: [...inputs, ...(options.extraInputs ?? [])],
    outputs: [{ name: output, type: "float", shape: ["batch", dim] }],
    initializers: [
      weights("token_embedding", [options.vocabSize ?? fixtureVocabSize, hidden], options.seed ?? 2),
      weights("projection", [hidden, dim], (options.seed ?? 2) + 1),
      int64s("axis1", [1]),
      ...(options.attentionMask ?? true ? [int64s("axis2", [2])] : [])
    ],
    nodes
  })
}

/**
 * A small file that takes a while to run: the image reshaped to 294 tokens of 512, then `rounds`
 * MatMuls with one shared 512×512 matrix (≈ 77 M multiply-adds per round per image), mean, done.
 */
export const slowVision = (rounds = 30): Uint8Array => {
  const nodes: Array<Node> = [{ op: "Reshape", inputs: ["pixel_values", "tokens_shape"], outputs: ["x0"] }]
  for (let i = 0; i < rounds; i++) nodes.push({ op: "MatMul", inputs: [`x${i}`, "w"], outputs: [`x${i + 1}`] })
  nodes.push({ op: "ReduceMean", inputs: [`x${rounds}`], outputs: ["image_embeds"], attributes: { axes: { ints: [1] }, keepdims: { i: 0 } } })
  return encode({
    inputs: [{ name: "pixel_values", type: "float", shape: ["batch", 3, 224, 224] }],
    outputs: [{ name: "image_embeds", type: "float", shape: ["batch", 512] }],
    initializers: [weights("w", [512, 512], 7, 1 / Math.sqrt(512)), int64s("tokens_shape", [0, 294, 512])],
    nodes
  })
}

/**
 * A vision model with ViT-B/32's shape and cost: a 32×32 stride-32 patch embedding to 768
 * channels (49 tokens), 12 blocks of four 768×768 projections and a 768→3072→768 MLP with
 * residuals (≈ 85 M parameters, ≈ 4.2 G multiply-adds per image, like ViT-B/32's 88 M / 4.4 G),
 * mean over tokens, projection to 512. Not a transformer — attention's softmax is left out — but
 * the same matrices, so the same time per image within a few per cent.
 */
export const vitB32Like = (): Uint8Array => {
  const width = 768
  const initializers: Array<Tensor> = [weights("patch", [width, 3, 32, 32], 100, 1 / 32), int64s("tokens_shape", [0, width, 49])]
  const nodes: Array<Node> = [
    { op: "Conv", inputs: ["pixel_values", "patch"], outputs: ["patches"], attributes: { kernel_shape: { ints: [32, 32] }, strides: { ints: [32, 32] } } },
    { op: "Reshape", inputs: ["patches", "tokens_shape"], outputs: ["tokens_t"] },
    { op: "Transpose", inputs: ["tokens_t"], outputs: ["x0"], attributes: { perm: { ints: [0, 2, 1] } } }
  ]
  let x = "x0"
  const scale = 1 / Math.sqrt(width)
  for (let layer = 0; layer < 12; layer++) {
    const p = (s: string) => `l${layer}_${s}`
    for (const w of ["q", "k", "v", "o"]) initializers.push(weights(p(w), [width, width], 1000 + layer * 10 + w.charCodeAt(0), scale))
    initializers.push(weights(p("fc1"), [width, 4 * width], 2000 + layer, scale), weights(p("fc2"), [4 * width, width], 3000 + layer, scale / 2))
    nodes.push(
      { op: "MatMul", inputs: [x, p("q")], outputs: [p("q_out")] },
      { op: "MatMul", inputs: [x, p("k")], outputs: [p("k_out")] },
      { op: "MatMul", inputs: [x, p("v")], outputs: [p("v_out")] },
      { op: "Add", inputs: [p("q_out"), p("k_out")], outputs: [p("qk")] },
      { op: "Add", inputs: [p("qk"), p("v_out")], outputs: [p("qkv")] },
      { op: "MatMul", inputs: [p("qkv"), p("o")], outputs: [p("attn")] },
      { op: "Add", inputs: [x, p("attn")], outputs: [p("res1")] },
      { op: "MatMul", inputs: [p("res1"), p("fc1")], outputs: [p("h")] },
      { op: "Relu", inputs: [p("h")], outputs: [p("act")] },
      { op: "MatMul", inputs: [p("act"), p("fc2")], outputs: [p("mlp")] },
      { op: "Add", inputs: [p("res1"), p("mlp")], outputs: [p("out")] }
    )
    x = p("out")
  }
  initializers.push(weights("projection", [width, 512], 4000, scale))
  nodes.push(
    { op: "ReduceMean", inputs: [x], outputs: ["pooled"], attributes: { axes: { ints: [1] }, keepdims: { i: 0 } } },
    { op: "MatMul", inputs: ["pooled", "projection"], outputs: ["image_embeds"] }
  )
  return encode({
    opset: 17,
    inputs: [{ name: "pixel_values", type: "float", shape: ["batch", 3, 224, 224] }],
    outputs: [{ name: "image_embeds", type: "float", shape: ["batch", 512] }],
    initializers,
    nodes
  })
}

/** The two export layouts a model directory comes in. */
export type Layout = "immich" | "huggingface"

/** What goes into a generated model directory. */
export interface ModelDirOptions {
  readonly layout: Layout
  readonly vision?: Uint8Array
  /** `null`: a vision-only export. */
  readonly text?: Uint8Array | null
  readonly tokenizer?: boolean
  /** Written as the layout's config file(s) (`config.json` / `preprocessor_config.json`). */
  readonly config?: Record<string, unknown>
  readonly preprocessor?: Record<string, unknown>
}

/** Writes a model directory in the given layout; returns its path. */
export const writeModelDir = (dir: string, options: ModelDirOptions): string => {
  const put = (path: string, data: Uint8Array | string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), data)
  }
  const immich = options.layout === "immich"
  put(immich ? "visual/model.onnx" : "onnx/vision_model.onnx", options.vision ?? tinyVision())
  const text = options.text === undefined ? tinyText() : options.text
  if (text !== null) put(immich ? "textual/model.onnx" : "onnx/text_model.onnx", text)
  if (options.tokenizer ?? text !== null) {
    mkdirSync(dir, { recursive: true })
    copyFileSync(tokenizerFixture, join(dir, "tokenizer.json"))
  }
  if (options.config) put("config.json", JSON.stringify(options.config))
  if (options.preprocessor) put(immich ? "visual/preprocess_cfg.json" : "preprocessor_config.json", JSON.stringify(options.preprocessor))
  return dir
}
