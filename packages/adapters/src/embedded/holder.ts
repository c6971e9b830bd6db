/**
 * A lease holder that knows its machine: worker ids are `host:pid:nonce`, and a worker on this
 * host whose process no longer exists is gone — its rows are resumed as soon as a worker starts,
 * without waiting for their leases to run out (docs/RELIABILITY.md, "Leases").
 *
 * @since 0.1.0
 */
import { hostname } from "node:os"
import { Lease } from "@heaters/core/pipeline"
import { Effect, Layer } from "effect"
import { processExists } from "../internal/process.js"


/**
 * The holder of this process. Owners from other hosts, or not in `host:pid:nonce` form, are never
 * judged gone (their leases run out instead).
 *
 * @since 0.1.0
 */
export const make = (): Lease.HolderShape => {
  const host = hostname()
  const owner = `${host}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`
  return {
    owner,
    isGone: (other) =>
      Effect.sync(() => {
        const [otherHost, pid] = other.split(":")
        const n = Number(pid)
        if (otherHost !== host || !Number.isInteger(n) || n <= 0 || n === process.pid) return false
        return !processExists(n)
      })
  }
}

/** This process as the lease holder. @since 0.1.0 */
export const layer = Layer.sync(Lease.Holder, make)
