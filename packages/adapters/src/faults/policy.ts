/**
 * What a fault layer does to a call: add latency, fail it transiently (at random, so a retry may
 * pass) or permanently (always, for the same target — a retry never helps), or fail everything
 * while an outage is switched on. Decisions are plain functions of a random source and the call's
 * target, so runs are reproducible with a seeded `random`.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"

/** How a fault wrapper misbehaves: which share of calls fail (transient or permanent), added latency, streams cut after some bytes, an outage switch, and the random seed. @since 0.1.0 */
export interface FaultOptions {
  /** Fraction (0–1) of calls that fail at random; a retry of the same call may succeed. */
  readonly transient?: number
  /** Fraction (0–1) of targets (keys, paths, URLs, ids) whose calls always fail. */
  readonly permanent?: number
  /** Latency added to every affected call: fixed, or uniformly drawn from `[min, max]` ms. */
  readonly latencyMs?: number | readonly [number, number]
  /** Streams and downloads are cut after this many bytes (the connection "drops"). */
  readonly cutAfterBytes?: number
  /** Only these operations (method names) are affected; default every operation. */
  readonly operations?: ReadonlyArray<string>
  /** A random source in [0, 1); default `Math.random`. */
  readonly random?: () => number
  /** Switches a total outage on and off at run time (see `makeSwitch`). */
  readonly outage?: OutageSwitch
}

/** A run-time switch: while `down`, every affected call fails. @since 0.1.0 */
export interface OutageSwitch {
  down: boolean
}

/**
 * A switch plus a helper that keeps it down for `ms` milliseconds.
 *
 * @since 0.1.0
 */
export const makeSwitch = (): OutageSwitch & { readonly outageFor: (ms: number) => Effect.Effect<void> } => {
  const state = { down: false }
  return Object.assign(state, {
    outageFor: (ms: number) =>
      Effect.acquireUseRelease(
        Effect.sync(() => void (state.down = true)),
        () => Effect.sleep(`${ms} millis`),
        () => Effect.sync(() => void (state.down = false))
      )
  })
}

/** Why an injected fault happened. @since 0.1.0 */
export type FaultKind = "transient" | "permanent" | "outage"

/** Counts of what a policy did, for reports. @since 0.1.0 */
export interface FaultCounts {
  calls: number
  transient: number
  permanent: number
  outage: number
  delayedMs: number
}

/** FNV-1a of the target, then murmur3's finaliser: the same target always lands in the same place of [0, 1). */
const unitHash = (target: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < target.length; i++) {
    h ^= target.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return (h >>> 0) / 2 ** 32
}

/** @since 0.1.0 */
export interface Policy {
  readonly options: FaultOptions
  readonly counts: FaultCounts
  /** Latency, then `null` (go ahead) or the kind of fault to raise, for `operation` on `target`. */
  readonly decide: (operation: string, target: string) => Effect.Effect<FaultKind | null>
}

/** @since 0.1.0 */
export const make = (options: FaultOptions): Policy => {
  const random = options.random ?? Math.random
  const counts: FaultCounts = { calls: 0, transient: 0, permanent: 0, outage: 0, delayedMs: 0 }
  const affects = (operation: string) => options.operations === undefined || options.operations.includes(operation)
  const latency = () => {
    const l = options.latencyMs
    if (l === undefined) return 0
    return typeof l === "number" ? l : l[0] + random() * (l[1] - l[0])
  }
  const decide = (operation: string, target: string) =>
    Effect.suspend(() => {
      if (!affects(operation)) return Effect.succeed(null)
      counts.calls++
      const ms = latency()
      counts.delayedMs += ms
      const verdict = (): FaultKind | null => {
        if (options.outage?.down) return "outage"
        if (options.permanent !== undefined && unitHash(`${operation}:${target}`) < options.permanent) return "permanent"
        if (options.transient !== undefined && random() < options.transient) return "transient"
        return null
      }
      const decided = Effect.sync(() => {
        const kind = verdict()
        if (kind !== null) counts[kind]++
        return kind
      })
      return ms > 0 ? Effect.zipRight(Effect.sleep(`${Math.round(ms)} millis`), decided) : decided
    })
  return { options, counts, decide }
}

/** The reason text every injected failure carries, so logs and `last_error` show it was injected. @since 0.1.0 */
export const reason = (kind: FaultKind, operation: string) => `injected ${kind} fault in ${operation}`

/**
 * Wraps every effect-returning method of a service: `before(operation, args)` runs first and may
 * fail instead of the call. Methods listed in `skip` are passed through.
 *
 * @since 0.1.0
 */
export const wrapMethods = <S extends object>(
  service: S,
  before: (operation: string, args: ReadonlyArray<unknown>) => Effect.Effect<void, unknown>,
  skip: ReadonlyArray<string> = []
): S => {
  const out: Record<string, unknown> = { ...(service as Record<string, unknown>) }
  for (const [name, value] of Object.entries(service)) {
    if (typeof value !== "function" || skip.includes(name)) continue
    out[name] = (...args: Array<unknown>) => Effect.zipRight(before(name, args), Effect.suspend(() => (value as (...a: Array<unknown>) => Effect.Effect<unknown>)(...args)))
  }
  return out as S
}

/** A readable target for a call: its first string or number argument. @since 0.1.0 */
export const targetOf = (args: ReadonlyArray<unknown>): string => {
  const first = args.find((a) => typeof a === "string" || typeof a === "number")
  return first === undefined ? "" : String(first)
}
