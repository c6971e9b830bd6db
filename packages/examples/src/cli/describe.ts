/**
 * Failures as one line for a person: `Tag: message` for tagged errors with a message, the tag and
 * its fields otherwise.
 *
 * @since 0.1.0
 */

/** One line for a person, from any failure. @since 0.1.0 */
export const describeError = (error: unknown): string => {
  if (typeof error !== "object" || error === null) return String(error)
  const tag = "_tag" in error && typeof error._tag === "string" ? error._tag : undefined
  const message = "message" in error && typeof error.message === "string" ? error.message : ""
  if (message !== "") return tag === undefined ? message : `${tag}: ${message}`
  // Platform errors (e.g. ServeError) carry the reason in `cause`.
  if (tag !== undefined && "cause" in error && error.cause !== undefined) return `${tag}: ${describeError(error.cause)}`
  if (tag !== undefined) {
    const fields = Object.entries(error).filter(([k, v]) => k !== "_tag" && (typeof v === "string" || typeof v === "number"))
    return fields.length === 0 ? tag : `${tag} (${fields.map(([k, v]) => `${k} ${String(v)}`).join(", ")})`
  }
  return String(error)
}
