/**
 * Lease renewal of the SQL catalog (docs/RELIABILITY.md, "Leases"): one conditional UPDATE on
 * owner and version that leaves `version` and `updated_at` alone — a renewal is not a state change.
 *
 * @since 0.1.0
 */
import type { Catalog } from "@heaters/core"
import { Effect } from "effect"
import { orCatalogError } from "../errors.js"
import type { Ctx } from "./context.js"

/** @since 0.1.0 */
export const make = (ctx: Ctx) => {
  const { dialect, sql } = ctx
  const renewLease = (entity: "video" | "clip", id: number, renewal: Catalog.LeaseRenewal) =>
    sql<{ id: unknown }>`UPDATE ${sql(entity === "video" ? "source_videos" : "clips")}
      SET lease_expires_at = ${dialect.time(renewal.expiresAt)}
      WHERE id = ${id} AND lease_owner = ${renewal.owner} AND version = ${renewal.version} RETURNING id`.pipe(
      Effect.map((rows) => rows.length === 1),
      orCatalogError("renewLease")
    )
  return { renewLease }
}
