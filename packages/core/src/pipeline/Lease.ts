/**
 * Leases on in-progress rows (docs/RELIABILITY.md, "Leases"). A stage's claim writes its worker's
 * id and a lease expiry on the row; while the work runs, a heartbeat renews the lease every third
 * of `lease`, conditional on owner and version (fencing). When a worker dies its lease runs out
 * and the dispatcher resumes the row at once, instead of after `staleAfter`. A worker whose
 * renewal is refused (someone else owns the row now), or that could not renew before its lease
 * ran out, stops its work.
 *
 * @since 0.1.0
 */
import { Clock, Context, Data, Duration, Effect } from "effect"
import { Pipeline } from "../PipelineConfig.js"
import { Catalog } from "../services/Catalog.js"

/** Who this worker is, for the leases it takes, and how to tell that another worker is gone. @since 0.1.0 */
export interface HolderShape {
  /** This worker's id, written on every row it claims. */
  readonly owner: string
  /**
   * Whether the worker `owner` is known to be gone (e.g. its process on this machine no longer
   * exists); its rows are then resumed without waiting for their leases to run out.
   */
  readonly isGone?: (owner: string) => Effect.Effect<boolean>
}

const randomOwner = () => `worker-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`

/**
 * Who this process is, as a lease holder. Defaults to a random id per process and no liveness
 * check; `@heaters/adapters/embedded` provides one that recognises dead processes on this machine.
 *
 * @since 0.1.0
 * @category tags
 */
export class Holder extends Context.Reference<Holder>()("@heaters/core/Lease/Holder", {
  defaultValue: (): HolderShape => ({ owner: randomOwner() })
}) {}

/** The row was taken over by another worker, or its lease ran out before it could be renewed. @since 0.1.0 */
export class LeaseLost extends Data.TaggedError("LeaseLost")<{
  readonly entity: "video" | "clip"
  readonly id: number
  readonly reason: string
}> {
  override get message() {
    return `lease on ${this.entity} ${this.id} lost: ${this.reason}`
  }
}

/** The lease fields a claim writes: this worker, until now + `lease`. @since 0.1.0 */
export const claimPatch = Effect.gen(function* () {
  const { owner } = yield* Holder
  const config = yield* Pipeline
  const at = yield* Clock.currentTimeMillis
  return { leaseOwner: owner as string | null, leaseExpiresAt: new Date(at + Duration.toMillis(config.lease)) as Date | null }
})

/** A row as the heartbeat sees it. */
interface Leased {
  readonly id: number
  readonly version: number
  readonly leaseOwner: string | null
  readonly leaseExpiresAt: Date | null
}

/**
 * Renews the lease on `row` until interrupted; fails with `LeaseLost` when another worker holds
 * the row, or when renewals kept failing until the lease ran out. Stops renewing (without
 * failing) once the row holds no lease — the work itself completed it.
 *
 * @since 0.1.0
 */
export const heartbeat = (entity: "video" | "clip", row: Leased): Effect.Effect<void, LeaseLost, Catalog | Pipeline> =>
  Effect.gen(function* () {
    const catalog = yield* Catalog
    const config = yield* Pipeline
    const owner = row.leaseOwner!
    let expiresAt = row.leaseExpiresAt?.getTime() ?? 0
    for (;;) {
      yield* Effect.sleep(Duration.millis(Math.max(1, Math.floor(Duration.toMillis(config.lease) / 3))))
      const at = yield* Clock.currentTimeMillis
      const renewed = yield* Effect.either(catalog.renewLease(entity, row.id, { owner, version: row.version, expiresAt: new Date(at + Duration.toMillis(config.lease)) }))
      if (renewed._tag === "Right" && renewed.right) {
        expiresAt = at + Duration.toMillis(config.lease)
        continue
      }
      if (renewed._tag === "Right") {
        const read: Effect.Effect<Leased, unknown> = entity === "video" ? catalog.getVideo(row.id as never) : catalog.getClip(row.id as never)
        const current = yield* Effect.either(read)
        if (current._tag === "Right") {
          // No lease any more: our own work completed (or failed) the row; nothing left to renew.
          if (current.right.leaseOwner === null) return
          return yield* new LeaseLost({ entity, id: row.id, reason: "the row is held by another worker now" })
        }
        // Could not tell why: treat it as a failed renewal and try again.
      }
      if (at >= expiresAt) {
        return yield* new LeaseLost({ entity, id: row.id, reason: "could not renew before it ran out" })
      }
      yield* Effect.logWarning(`renewing the lease on ${entity} ${row.id} failed; retrying`)
    }
  })

/**
 * Runs `work` while holding the lease on `row` (when the row carries this worker's lease): the
 * heartbeat runs beside it, and losing the lease interrupts the work with `LeaseLost`.
 *
 * @since 0.1.0
 */
export const holding = <A, E, R>(
  entity: "video" | "clip",
  row: unknown,
  work: Effect.Effect<A, E, R>
): Effect.Effect<A, E | LeaseLost, R | Catalog | Pipeline> =>
  Effect.flatMap(Holder, (holder) => {
    const leased = row as Partial<Leased>
    if (leased.leaseOwner !== holder.owner || typeof leased.id !== "number" || typeof leased.version !== "number") return work
    return Effect.raceFirst(work, Effect.zipRight(heartbeat(entity, leased as Leased), Effect.never))
  })
