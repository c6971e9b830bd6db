/**
 * Text → token ids with `@huggingface/tokenizers` reading the model's own `tokenizer.json` (and
 * `tokenizer_config.json` when present): padded or truncated to the context length. Truncation
 * keeps the last token (the end-of-text marker CLIP pools on), as open_clip does.
 *
 * @since 0.1.0
 */
import { Errors } from "@heaters/core"
import { Effect } from "effect"
import { error, readJson } from "./files.js"
import type { Tokenizers } from "./libraries.js"

/** Token ids and attention masks for a batch, row-major `[texts × contextLength]`. @since 0.1.0 */
export interface Encoded {
  readonly ids: Int32Array
  readonly mask: Int32Array
}

/** @since 0.1.0 */
export interface TextTokenizer {
  readonly contextLength: number
  readonly padId: number
  readonly encode: (texts: ReadonlyArray<string>) => Encoded
}

const padIdOf = (tokenizer: InstanceType<Tokenizers["Tokenizer"]>, json: Record<string, unknown>, config: Record<string, unknown>): number => {
  const padding = json["padding"] as { pad_id?: unknown } | null | undefined
  if (typeof padding?.pad_id === "number") return padding.pad_id
  const token = config["pad_token"]
  const name = typeof token === "string" ? token : typeof token === "object" && token !== null ? (token as { content?: unknown }).content : undefined
  const id = typeof name === "string" ? tokenizer.token_to_id(name) : undefined
  // open_clip pads with 0; the text models pool on the end-of-text token, not on padding.
  return id ?? 0
}

/** Loads a tokenizer file; an unreadable or unsupported one is a `bad_config` error naming it. @since 0.1.0 */
export const load = (
  lib: Tokenizers,
  files: { readonly tokenizer: string; readonly tokenizerConfig: string | null },
  contextLength: number,
  model: string
) =>
  Effect.gen(function* () {
    const json = yield* readJson(files.tokenizer, model)
    const config = files.tokenizerConfig === null ? {} : (yield* readJson(files.tokenizerConfig, model))
    const tokenizer = yield* Effect.try({
      try: () => new lib.Tokenizer(json, config),
      catch: (e) => error(model, "bad_config", `not a tokenizer this library reads (${Errors.describe(e)})`, files.tokenizer, e)
    })
    const padId = padIdOf(tokenizer, json, config)
    const encode = (texts: ReadonlyArray<string>): Encoded => {
      const ids = new Int32Array(texts.length * contextLength).fill(padId)
      const mask = new Int32Array(texts.length * contextLength)
      texts.forEach((text, row) => {
        let tokens = tokenizer.encode(text).ids
        if (tokens.length > contextLength) tokens = [...tokens.slice(0, contextLength - 1), tokens[tokens.length - 1]!]
        ids.set(tokens, row * contextLength)
        mask.fill(1, row * contextLength, row * contextLength + tokens.length)
      })
      return { ids, mask }
    }
    return { contextLength, padId, encode } satisfies TextTokenizer
  })
