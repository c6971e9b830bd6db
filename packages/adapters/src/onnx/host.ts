/**
 * Where onnxruntime runs. onnxruntime-node's `session.run` returns a promise but computes on the
 * calling thread, so in the main thread every inference freezes the event loop (an HTTP server,
 * image decoding, the other jobs) for its whole duration. The default host therefore keeps the
 * sessions in one worker thread and sends it the input tensors (transferred, not copied); the
 * in-process host is there for tools that want no thread. See docs/embeddings.md.
 *
 * @since 0.1.0
 */
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"
import { Worker } from "node:worker_threads"
import type { InferenceSession } from "onnxruntime-node"
import type { Ort } from "./libraries.js"
import { disableOrtTelemetry } from "./libraries.js"

/** An input tensor, as plain data. @since 0.1.0 */
export interface Feed {
  readonly type: "float32" | "int32" | "int64"
  readonly data: Float32Array | Int32Array | BigInt64Array
  readonly dims: ReadonlyArray<number>
}

/** An output tensor, as plain data. @since 0.1.0 */
export interface Output {
  readonly type: string
  readonly dims: ReadonlyArray<number>
  readonly data: Float32Array
}

/** A loaded model, wherever it runs. @since 0.1.0 */
export interface HostedSession {
  readonly inputMetadata: ReadonlyArray<InferenceSession.ValueMetadata>
  readonly outputMetadata: ReadonlyArray<InferenceSession.ValueMetadata>
  readonly run: (feeds: Readonly<Record<string, Feed>>, output: string) => Promise<Output>
  readonly release: () => Promise<void>
}

/** @since 0.1.0 */
export interface Host {
  readonly open: (path: string, options: InferenceSession.SessionOptions) => Promise<HostedSession>
  readonly close: () => Promise<void>
}

/** Sessions on the calling thread. @since 0.1.0 */
export const inProcess = (ort: Ort): Host => ({
  open: async (path, options) => {
    const session = await ort.InferenceSession.create(path, options)
    return {
      inputMetadata: session.inputMetadata,
      outputMetadata: session.outputMetadata,
      run: async (feeds, output) => {
        const tensors = Object.fromEntries(Object.entries(feeds).map(([name, f]) => [name, new ort.Tensor(f.type, f.data, f.dims)]))
        const t = (await session.run(tensors, [output]))[output]!
        return { type: t.type, dims: t.dims, data: t.data as Float32Array }
      },
      release: () => session.release()
    }
  },
  close: async () => {}
})

// The worker's whole program (CommonJS, evaluated): sessions by id, one message per operation.
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads")
const ort = require(workerData.ortPath)
const sessions = new Map()
const meta = (list) => list.map((m) => ({ ...m, shape: m.shape ? Array.from(m.shape) : m.shape }))
parentPort.on("message", async (msg) => {
  try {
    if (msg.op === "open") {
      const session = await ort.InferenceSession.create(msg.path, msg.options)
      sessions.set(msg.session, session)
      parentPort.postMessage({ id: msg.id, inputMetadata: meta(session.inputMetadata), outputMetadata: meta(session.outputMetadata) })
    } else if (msg.op === "run") {
      const feeds = {}
      for (const [name, f] of Object.entries(msg.feeds)) feeds[name] = new ort.Tensor(f.type, f.data, f.dims)
      const t = (await sessions.get(msg.session).run(feeds, [msg.output]))[msg.output]
      const data = t.data
      parentPort.postMessage({ id: msg.id, type: t.type, dims: Array.from(t.dims), data }, [data.buffer])
    } else if (msg.op === "release") {
      const session = sessions.get(msg.session)
      sessions.delete(msg.session)
      if (session) await session.release()
      parentPort.postMessage({ id: msg.id })
    }
  } catch (e) {
    parentPort.postMessage({ id: msg.id, error: e && e.message ? e.message : String(e) })
  }
})
`

const here = () => (typeof __filename === "string" ? __filename : fileURLToPath(import.meta.url))

/**
 * Sessions in one worker thread (created now, terminated by `close`). Requests are answered in
 * order; a worker that dies fails every pending request.
 *
 * @since 0.1.0
 */
export const worker = (): Host => {
  const ortPath = createRequire(here()).resolve("onnxruntime-node")
  disableOrtTelemetry() // the thread copies the environment when it starts
  const thread = new Worker(workerSource, { eval: true, workerData: { ortPath } })
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  let next = 0
  let dead: Error | null = null
  const failAll = (error: Error) => {
    dead = error
    for (const p of pending.values()) p.reject(error)
    pending.clear()
  }
  thread.on("message", (msg: { id: number; error?: string }) => {
    const p = pending.get(msg.id)
    pending.delete(msg.id)
    if (msg.error !== undefined) p?.reject(new Error(msg.error))
    else p?.resolve(msg)
  })
  thread.on("error", (e) => failAll(e))
  thread.on("exit", (code) => failAll(new Error(`the onnxruntime worker thread exited (code ${code})`)))
  const call = <A>(message: Record<string, unknown>, transfer: Array<ArrayBuffer> = []): Promise<A> =>
    new Promise<A>((resolve, reject) => {
      if (dead !== null) return reject(dead)
      const id = next++
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      thread.postMessage({ ...message, id }, transfer)
    })
  let sessions = 0
  return {
    open: async (path, options) => {
      const session = sessions++
      const opened = await call<Pick<HostedSession, "inputMetadata" | "outputMetadata">>({ op: "open", session, path, options })
      return {
        inputMetadata: opened.inputMetadata,
        outputMetadata: opened.outputMetadata,
        run: (feeds, output) =>
          call<Output>(
            { op: "run", session, feeds, output },
            // Each feed is a fresh buffer made for this run: hand it over instead of copying it.
            Object.values(feeds).map((f) => f.data.buffer as ArrayBuffer)
          ),
        release: () => (dead === null ? call<void>({ op: "release", session }).then(() => undefined) : Promise.resolve())
      }
    },
    close: async () => {
      await thread.terminate()
    }
  }
}
