/**
 * Turns driver failures into the core's `CatalogError`, keeping the operation name and the
 * database's own message (constraint names included) so a user can tell what was refused.
 *
 * @since 0.1.0
 */
import { Errors } from "@heaters/core"
import { Effect } from "effect"

const reasonOf = (error: unknown): string => {
  const cause = (error as { cause?: unknown })?.cause
  const parts = [error instanceof Error ? error.message : String(error)]
  if (cause instanceof Error && cause.message && !parts.includes(cause.message)) parts.push(cause.message)
  const detail = (cause as { detail?: unknown })?.detail
  if (typeof detail === "string") parts.push(detail)
  return parts.join(": ")
}

/** Maps every failure of `self` to `CatalogError(operation)`. @since 0.1.0 */
export const orCatalogError =
  (operation: string) =>
  <A, R>(self: Effect.Effect<A, unknown, R>): Effect.Effect<A, Errors.CatalogError, R> =>
    Effect.mapError(self, (error) =>
      error instanceof Errors.CatalogError ? error : new Errors.CatalogError({ operation, reason: reasonOf(error) })
    )

