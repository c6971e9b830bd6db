/**
 * onnxruntime sessions for CLIP's two encoders: created once (counted by the
 * `heaters_onnx_sessions_created` metric), released with their scope, their input and output
 * names discovered from the model and checked — an image encoder takes one float `[N,3,S,S]`
 * tensor, a text encoder token ids (and maybe an attention mask), both put out `[N,D]`. A first
 * run on zeros finds D when the model leaves it symbolic and proves the model runs.
 *
 * @since 0.1.0
 */
import type { InferenceSession } from "onnxruntime-node"
import { Errors } from "@heaters/core"
import { Effect, Metric } from "effect"
import { error } from "./files.js"
import type { Feed, Host, HostedSession } from "./host.js"

/** Counts sessions created in this process (one per encoder per layer). @since 0.1.0 */
export const sessionsCreated = Metric.counter("heaters_onnx_sessions_created", {
  description: "onnxruntime sessions created (one per encoder per loaded model)",
  incremental: true
})

/** Settings of the onnxruntime sessions. @since 0.1.0 */
export interface SessionOptions {
  /** Threads onnxruntime uses inside one operator (default: onnxruntime's, the number of cores). */
  readonly intraOpThreads?: number
}

const message = (e: unknown) => Errors.describe(e).split("\n")[0]!

/** Opens a model file as a scoped session on `host`. @since 0.1.0 */
export const open = (host: Host, path: string, options: SessionOptions, model: string) =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: () =>
        host.open(path, {
          graphOptimizationLevel: "all",
          logSeverityLevel: 3,
          ...(options.intraOpThreads === undefined ? {} : { intraOpNumThreads: options.intraOpThreads })
        }),
      catch: (e) => error(model, "corrupt_file", `onnxruntime cannot load this model (${message(e)})`, path, e)
    }).pipe(Effect.tap(() => Metric.increment(sessionsCreated))),
    (session) => Effect.promise(() => session.release().catch(() => undefined))
  )

type Meta = InferenceSession.ValueMetadata
const tensorMeta = (m: Meta) => (m.isTensor ? m : null)
const describe = (metas: ReadonlyArray<Meta>) =>
  metas.map((m) => (m.isTensor ? `${m.name} ${m.type}[${m.shape.join(",")}]` : `${m.name} (not a tensor)`)).join(", ")

/** The output holding the embeddings: the only one, or the `*_embeds`/`embedding` one of rank 2. */
const pickOutput = (session: HostedSession, file: string, model: string) => {
  const outputs = session.outputMetadata
  const rank2 = outputs.filter((m) => m.isTensor && (m.shape.length === 2 || m.shape.length === 0))
  const chosen =
    outputs.length === 1
      ? outputs[0]!
      : rank2.find((m) => /(image|text)_embeds$/.test(m.name)) ?? rank2.find((m) => /embed/i.test(m.name)) ?? (rank2.length === 1 ? rank2[0] : undefined)
  const tensor = chosen === undefined ? null : tensorMeta(chosen)
  if (tensor === null || (tensor.shape.length !== 0 && tensor.shape.length !== 2)) {
    return Effect.fail(error(model, "wrong_output", `no [batch, dim] embedding output among: ${describe(outputs)}`, file))
  }
  return Effect.succeed(tensor)
}

/** L2-normalised rows of a `[n, dim]` output. */
const rows = (data: Float32Array, n: number, dim: number, file: string, model: string) =>
  Effect.suspend(() => {
    const out: Array<Array<number>> = []
    for (let r = 0; r < n; r++) {
      let sum = 0
      for (let i = r * dim; i < (r + 1) * dim; i++) sum += data[i]! * data[i]!
      const norm = Math.sqrt(sum)
      if (!Number.isFinite(norm) || norm === 0) {
        return Effect.fail(error(model, "inference_failed", `the model put out a ${norm === 0 ? "zero" : "non-finite"} vector`, file))
      }
      const row = new Array<number>(dim)
      for (let i = 0; i < dim; i++) row[i] = data[r * dim + i]! / norm
      out.push(row)
    }
    return Effect.succeed(out)
  })

const runOnce = (session: HostedSession, feeds: Record<string, Feed>, output: string, n: number, file: string, model: string, dim: number | null) =>
  Effect.gen(function* () {
    const result = yield* Effect.tryPromise({
      try: () => session.run(feeds, output),
      catch: (e) => error(model, "inference_failed", `inference failed (${message(e)})`, file, e)
    })
    const tensor = result
    const dims = tensor.dims
    if (dims.length !== 2 || dims[0] !== n || (dim !== null && dims[1] !== dim) || tensor.type !== "float32") {
      return yield* error(model, "wrong_output", `output ${output} is ${tensor.type}[${dims.join(",")}], expected float32[${n},${dim ?? "dim"}]`, file)
    }
    return { data: tensor.data as Float32Array, dim: dims[1]! }
  })

/** A loaded image encoder. @since 0.1.0 */
export interface Vision {
  readonly file: string
  readonly input: string
  readonly output: string
  readonly dim: number
  /** The square input size: the one the model fixes, else the preprocessing's. */
  readonly size: number
  /** 1 when the export fixed the batch dimension at 1; otherwise unlimited. */
  readonly maxBatch: number
  /** Runs a batch (n × 3 × size × size floats) → n unit vectors. */
  readonly run: (pixels: Float32Array, n: number) => Effect.Effect<Array<Array<number>>, ReturnType<typeof error>>
}

/**
 * Checks an image encoder's signature and finds its output dimension. `size` is the input size
 * the preprocessing will produce; a model that fixes another is refused (`wrong_inputs`).
 *
 * @since 0.1.0
 */
export const vision = (session: HostedSession, file: string, model: string, preferredSize: number, sizeIsConfigured: boolean) =>
  Effect.gen(function* () {
    const inputs = session.inputMetadata
    const meta = inputs.length === 1 ? tensorMeta(inputs[0]!) : null
    if (meta === null) return yield* error(model, "wrong_inputs", `an image encoder takes one image tensor; this model takes: ${describe(inputs)}`, file)
    const shape = meta.shape
    const fixed = (i: number) => (typeof shape[i] === "number" ? (shape[i] as number) : null)
    if (meta.type !== "float32" || (shape.length !== 0 && shape.length !== 4) || (fixed(1) !== null && fixed(1) !== 3)) {
      return yield* error(model, "wrong_inputs", `input ${meta.name} is ${meta.type}[${shape.join(",")}], expected float32[batch,3,size,size]`, file)
    }
    const modelSize = fixed(2)
    if (modelSize !== null && modelSize !== preferredSize && sizeIsConfigured) {
      return yield* error(model, "wrong_inputs", `input ${meta.name} takes ${modelSize}×${modelSize} images but the config says ${preferredSize}`, file)
    }
    const size = modelSize ?? preferredSize
    const output = yield* pickOutput(session, file, model)
    const declared = typeof output.shape[1] === "number" ? output.shape[1] : null
    const tensor = (data: Float32Array, n: number): Feed => ({ type: "float32", data, dims: [n, 3, size, size] })
    const probe = yield* runOnce(session, { [meta.name]: tensor(new Float32Array(3 * size * size), 1) }, output.name, 1, file, model, declared)
    const dim = probe.dim
    return {
      file,
      input: meta.name,
      output: output.name,
      dim,
      size,
      maxBatch: fixed(0) === 1 ? 1 : Number.POSITIVE_INFINITY,
      run: (pixels, n) =>
        Effect.flatMap(runOnce(session, { [meta.name]: tensor(pixels, n) }, output.name, n, file, model, dim), (r) => rows(r.data, n, dim, file, model))
    } satisfies Vision
  })

/** A loaded text encoder. @since 0.1.0 */
export interface Text {
  readonly file: string
  readonly ids: string
  readonly mask: string | null
  readonly output: string
  readonly dim: number
  readonly contextLength: number
  readonly maxBatch: number
  /** Runs n rows of `contextLength` token ids (and mask) → n unit vectors. */
  readonly run: (ids: Int32Array, mask: Int32Array, n: number) => Effect.Effect<Array<Array<number>>, ReturnType<typeof error>>
}

/**
 * Checks a text encoder's signature: token ids (named `input_ids`, `text`, `ids` or `tokens`, or
 * its only input) and optionally an attention mask (a name with `mask`), int32 or int64.
 *
 * @since 0.1.0
 */
export const text = (session: HostedSession, file: string, model: string, configuredContext: number | null, defaultContext: number) =>
  Effect.gen(function* () {
    const inputs = session.inputMetadata
    const isMask = (m: Meta) => /mask/i.test(m.name)
    const idsMeta = inputs.find((m) => /^(input_ids|text|ids|tokens|input)$/i.test(m.name)) ?? (inputs.length === 1 && !isMask(inputs[0]!) ? inputs[0] : undefined)
    const maskMeta = inputs.find(isMask)
    const unknown = inputs.filter((m) => m !== idsMeta && m !== maskMeta)
    const wrong = (why: string) => error(model, "wrong_inputs", `${why}; a text encoder takes token ids and optionally an attention mask, this model takes: ${describe(inputs)}`, file)
    if (idsMeta === undefined) return yield* wrong("no token-id input")
    if (unknown.length > 0) return yield* wrong(`unexpected input ${unknown.map((m) => m.name).join(", ")}`)
    const integer = (m: Meta | undefined) => m === undefined || (m.isTensor && (m.type === "int32" || m.type === "int64") && (m.shape.length === 0 || m.shape.length === 2))
    if (!integer(idsMeta) || !integer(maskMeta)) return yield* wrong("token ids and mask must be int32 or int64 [batch, length]")
    const ids = idsMeta as InferenceSession.TensorValueMetadata
    const mask = (maskMeta ?? null) as InferenceSession.TensorValueMetadata | null
    const fixedContext = typeof ids.shape[1] === "number" ? ids.shape[1] : null
    if (fixedContext !== null && configuredContext !== null && fixedContext !== configuredContext) {
      return yield* wrong(`the model fixes ${fixedContext} tokens but the config says ${configuredContext}`)
    }
    const contextLength = fixedContext ?? configuredContext ?? defaultContext
    const output = yield* pickOutput(session, file, model)
    const declared = typeof output.shape[1] === "number" ? output.shape[1] : null
    // A fresh array per feed: the worker host takes ownership of the buffers it is sent.
    const tensor = (m: InferenceSession.TensorValueMetadata, data: Int32Array, n: number): Feed =>
      m.type === "int32" ? { type: "int32", data: data.slice(), dims: [n, contextLength] } : { type: "int64", data: BigInt64Array.from(data, BigInt), dims: [n, contextLength] }
    const feeds = (idData: Int32Array, maskData: Int32Array, n: number): Record<string, Feed> => ({
      [ids.name]: tensor(ids, idData, n),
      ...(mask === null ? {} : { [mask.name]: tensor(mask, maskData, n) })
    })
    const probeMask = new Int32Array(contextLength).fill(1)
    const probe = yield* runOnce(session, feeds(new Int32Array(contextLength), probeMask, 1), output.name, 1, file, model, declared)
    const dim = probe.dim
    return {
      file,
      ids: ids.name,
      mask: mask?.name ?? null,
      output: output.name,
      dim,
      contextLength,
      maxBatch: ids.shape[0] === 1 ? 1 : Number.POSITIVE_INFINITY,
      run: (idData, maskData, n) =>
        Effect.flatMap(runOnce(session, feeds(idData, maskData, n), output.name, n, file, model, dim), (r) => rows(r.data, n, dim, file, model))
    } satisfies Text
  })
