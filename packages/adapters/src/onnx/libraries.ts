/**
 * The optional native/npm libraries the ONNX embedder stands on, loaded on first use so that
 * importing `@heaters/adapters/embedded` costs nothing when no CLIP model is configured (they are
 * optional peer dependencies of `@heaters/adapters`).
 *
 * @since 0.1.0
 */
import { Errors } from "@heaters/core"
import { Effect } from "effect"
import { error } from "./files.js"

/** @since 0.1.0 */
export type Ort = typeof import("onnxruntime-node")
/** @since 0.1.0 */
export type Sharp = typeof import("sharp").default
/** @since 0.1.0 */
export type Tokenizers = typeof import("@huggingface/tokenizers")

/** @since 0.1.0 */
export interface Libraries {
  readonly ort: Ort
  readonly sharp: Sharp
  readonly tokenizers: Tokenizers
}

const load = <A>(name: string, model: string, importer: () => Promise<A>) =>
  Effect.tryPromise({
    try: importer,
    catch: (e) =>
      error(model, "missing_dependency", `${name} could not be loaded (npm install ${name}): ${Errors.describe(e)}`, undefined, e)
  })

/**
 * onnxruntime-node 1.30 on Linux collects usage telemetry unless told not to, and keeps its state in
 * the temp directory (`.ses`, `mat-debug-<pid>.log`): files and network traffic no host asked for
 * (the test suite's leak check found the files). Off, unless the host set `ORT_DISABLE_TELEMETRY`
 * itself; it must be set before the library loads, here or in the worker thread.
 *
 * @since 0.1.0
 */
export const disableOrtTelemetry = (): void => {
  process.env["ORT_DISABLE_TELEMETRY"] ??= "1"
}

/** Loads onnxruntime-node, sharp and @huggingface/tokenizers. @since 0.1.0 */
export const loadLibraries = (model: string) =>
  Effect.all({
    ort: load("onnxruntime-node", model, () => {
      disableOrtTelemetry()
      return import("onnxruntime-node")
    }),
    sharp: Effect.map(load("sharp", model, () => import("sharp")), (m) => m.default),
    tokenizers: load("@huggingface/tokenizers", model, () => import("@huggingface/tokenizers"))
  }) satisfies Effect.Effect<Libraries, unknown>
