/**
 * Bad model directories: each refused at load with a tagged `EmbedderError` that names the file
 * and the problem — missing directory, missing files, inputs that are not an image/text
 * encoder's, an output of the wrong dimension, corrupt or truncated files, unreadable configs.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import * as Onnx from "@heaters/adapters/onnx"
import type { Embedder } from "@heaters/core"
import { Effect } from "effect"
import { tinyText, tinyVision, writeModelDir } from "../support/onnx-models.js"
import { tempDir } from "./support.js"

const temp = tempDir("heaters-onnx-errors-")
afterAll(temp.dispose)
let n = 0
const dirFor = (options: Parameters<typeof writeModelDir>[1]) => writeModelDir(join(temp.dir, `m${n++}`), options)

const refused = (modelDir: string) => Effect.flip(Effect.scoped(Onnx.make({ modelDir })))

const expectError = (error: Embedder.EmbedderError, problem: Embedder.EmbedderProblem, file: string, text: RegExp) => {
  expect(error._tag).toBe("EmbedderError")
  expect(error.problem).toBe(problem)
  expect(error.file).toBe(file)
  expect(error.message).toContain(file)
  expect(error.message).toMatch(text)
}

describe("bad model directories", () => {
  it.effect("a missing directory", () =>
    Effect.gen(function* () {
      const dir = join(temp.dir, "nowhere")
      expectError(yield* refused(dir), "missing_directory", dir, /does not exist/)
    }))

  it.effect("a directory without a vision model, in either layout", () =>
    Effect.gen(function* () {
      const empty = join(temp.dir, "empty")
      mkdirSync(empty)
      expectError(yield* refused(empty), "missing_file", empty, /visual\/model\.onnx.*onnx\/vision_model\.onnx/)
      const immich = dirFor({ layout: "immich" })
      rmSync(join(immich, "visual", "model.onnx"))
      expectError(yield* refused(immich), "missing_file", join(immich, "visual", "model.onnx"), /vision model file is missing/)
      const hf = dirFor({ layout: "huggingface" })
      rmSync(join(hf, "onnx", "vision_model.onnx"))
      expectError(yield* refused(hf), "missing_file", join(hf, "onnx", "vision_model.onnx"), /vision model file is missing/)
    }))

  it.effect("a text model without tokenizer.json", () =>
    Effect.gen(function* () {
      const dir = dirFor({ layout: "immich", tokenizer: false })
      expectError(yield* refused(dir), "missing_file", join(dir, "tokenizer.json"), /needs a tokenizer\.json/)
    }))

  it.effect("inputs that are not an image encoder's or a text encoder's", () =>
    Effect.gen(function* () {
      const twoInputs = dirFor({ layout: "huggingface", vision: tinyVision({ extraInputs: [{ name: "mask", type: "float", shape: ["batch", 4] }] }) })
      expectError(yield* refused(twoInputs), "wrong_inputs", join(twoInputs, "onnx", "vision_model.onnx"), /takes one image tensor.*pixel_values float32\[batch,3,224,224\], mask/)
      const textExtra = dirFor({ layout: "immich", text: tinyText({ extraInputs: [{ name: "position_ids", type: "int64", shape: ["batch", 77] }] }) })
      expectError(yield* refused(textExtra), "wrong_inputs", join(textExtra, "textual", "model.onnx"), /unexpected input position_ids/)
      const noIds = dirFor({ layout: "immich", text: tinyText({ idsName: "hidden_states", attentionMask: true }) })
      expectError(yield* refused(noIds), "wrong_inputs", join(noIds, "textual", "model.onnx"), /no token-id input/)
      const floatIds = dirFor({ layout: "immich", vision: tinyVision({ inputName: "input_ids" }), text: tinyVision() })
      expectError(yield* refused(floatIds), "wrong_inputs", join(floatIds, "textual", "model.onnx"), /int32 or int64/)
    }))

  it.effect("an output dimension the config, or the other encoder, does not agree with", () =>
    Effect.gen(function* () {
      const config = dirFor({ layout: "immich", config: { embed_dim: 512 } })
      expectError(yield* refused(config), "wrong_output", join(config, "visual", "model.onnx"), /puts out 32-dimensional vectors but .*config\.json says 512/)
      const textDim = dirFor({ layout: "huggingface", text: tinyText({ dim: 16 }) })
      expectError(yield* refused(textDim), "wrong_output", join(textDim, "onnx", "text_model.onnx"), /text model puts out 16-dimensional vectors, the vision model 32/)
    }))

  it.effect("a corrupt model file and a truncated one", () =>
    Effect.gen(function* () {
      const garbage = dirFor({ layout: "immich" })
      writeFileSync(join(garbage, "visual", "model.onnx"), "this is not protobuf at all")
      expectError(yield* refused(garbage), "corrupt_file", join(garbage, "visual", "model.onnx"), /onnxruntime cannot load this model/)
      const truncated = dirFor({ layout: "huggingface" })
      const file = join(truncated, "onnx", "text_model.onnx")
      const bytes = readFileSync(file)
      writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)))
      expectError(yield* refused(truncated), "corrupt_file", file, /onnxruntime cannot load this model/)
    }))

  it.effect("unreadable or wrong config files", () =>
    Effect.gen(function* () {
      const json = dirFor({ layout: "huggingface" })
      writeFileSync(join(json, "preprocessor_config.json"), "{ not json")
      expectError(yield* refused(json), "bad_config", join(json, "preprocessor_config.json"), /not readable JSON/)
      const mean = dirFor({ layout: "huggingface", preprocessor: { image_mean: [0.5, 0.5] } })
      expectError(yield* refused(mean), "bad_config", join(mean, "preprocessor_config.json"), /image mean must be three numbers/)
      const tokenizer = dirFor({ layout: "immich" })
      writeFileSync(join(tokenizer, "tokenizer.json"), JSON.stringify({ model: { type: "NoSuchModel" } }))
      expectError(yield* refused(tokenizer), "bad_config", join(tokenizer, "tokenizer.json"), /not a tokenizer this library reads/)
    }))
})
