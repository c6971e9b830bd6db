/**
 * Text → token ids through `@huggingface/tokenizers` on the fixture tokenizer.json (a tiny
 * CLIP-style byte-level BPE: letters 0–25, letters with `</w>` 26–51, merges `ca` 52, `cat</w>` 53,
 * `do` 54, `dog</w>` 55, `re` 56, `red</w>` 57, `th` 58, `the</w>` 59, `!` 60, `!</w>` 61,
 * `<|startoftext|>` 62, `<|endoftext|>` 63): padding, masks, truncation keeping the end token.
 */
import { copyFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import * as Onnx from "@heaters/adapters/onnx"
import { Effect } from "effect"
import { tinyText, tokenizerFixture, writeModelDir } from "../support/onnx-models.js"
import { tempDir } from "./support.js"

const temp = tempDir("heaters-onnx-tokenizer-")
afterAll(temp.dispose)

const row = (ids: Int32Array, r: number, n: number) => Array.from(ids.subarray(r * n, (r + 1) * n))

describe("tokenizer", () => {
  it.scoped("encodes with the fixture's vocabulary and merges, pads to 77 with 0 and masks the padding", () =>
    Effect.gen(function* () {
      const e = yield* Onnx.make({ modelDir: writeModelDir(join(temp.dir, "a"), { layout: "immich" }) })
      const tokenizer = e.details.tokenizer!
      expect(tokenizer.contextLength).toBe(77)
      expect(tokenizer.padId).toBe(0)
      const { ids, mask } = tokenizer.encode(["A red cat!", "the  dog", "cad"])
      expect(ids).toHaveLength(3 * 77)
      expect(row(ids, 0, 77).slice(0, 8)).toEqual([62, 26, 57, 53, 61, 63, 0, 0])
      expect(row(ids, 1, 77).slice(0, 5)).toEqual([62, 59, 55, 63, 0])
      expect(row(ids, 2, 77).slice(0, 5)).toEqual([62, 52, 29, 63, 0])
      expect(row(mask, 0, 77).reduce((a, b) => a + b)).toBe(6)
      expect(row(mask, 0, 77).slice(0, 7)).toEqual([1, 1, 1, 1, 1, 1, 0])
      expect(row(ids, 0, 77).slice(6).every((x) => x === 0)).toBe(true)
    }))

  it.scoped("the pad token comes from tokenizer_config.json; a model fixing 5 tokens truncates and keeps <|endoftext|>", () =>
    Effect.gen(function* () {
      const dir = writeModelDir(join(temp.dir, "b"), { layout: "huggingface", text: tinyText({ contextLength: 5 }), tokenizer: false })
      copyFileSync(tokenizerFixture, join(dir, "onnx", "tokenizer.json")) // next to the text model works too
      writeFileSync(join(dir, "tokenizer_config.json"), JSON.stringify({ pad_token: "<|endoftext|>", model_max_length: 5 }))
      const e = yield* Onnx.make({ modelDir: dir })
      const tokenizer = e.details.tokenizer!
      expect(tokenizer.contextLength).toBe(5)
      expect(tokenizer.padId).toBe(63)
      const { ids, mask } = tokenizer.encode(["the dog the dog the dog", "cat"])
      expect(row(ids, 0, 5)).toEqual([62, 59, 55, 59, 63])
      expect(row(ids, 1, 5)).toEqual([62, 53, 63, 63, 63])
      expect(row(mask, 1, 5)).toEqual([1, 1, 1, 0, 0])
      expect((yield* e.embedText!(["the dog the dog the dog"]))[0]).toHaveLength(32)
    }))
})
