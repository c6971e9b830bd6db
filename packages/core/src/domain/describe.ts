/**
 * The one way Heaters turns any failure into a line for a person (a record's failure reason, a log
 * line, the CLI's error output): the message of an exception (with its cause's, for plain
 * exceptions that wrap one), a tagged error's own message, or its tag and fields when it has none.
 *
 * @since 0.1.0
 */

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

const tagOf = (u: Record<string, unknown>): string | undefined => (typeof u._tag === "string" ? u._tag : undefined)

const messageOf = (u: Record<string, unknown>): string => (typeof u.message === "string" ? u.message : "")

/**
 * A readable one-line reason for any failure. `withTag` prefixes a tagged error's tag
 * (`MediaFailed: …`), for output where the kind of failure matters.
 *
 * @since 0.1.0
 */
export const describe = (error: unknown, options: { readonly withTag?: boolean } = {}): string => {
  if (!isObject(error)) return String(error)
  const tag = tagOf(error)
  const message = messageOf(error)
  if (message !== "") {
    // A tagged error's message is complete; a plain exception (`fetch failed`, `socket hang up`)
    // often hides the real reason (`ECONNREFUSED`) in its cause.
    const cause = tag === undefined && isObject(error.cause) ? messageOf(error.cause) : ""
    const text = cause !== "" && !message.includes(cause) ? `${message}: ${cause}` : message
    return tag !== undefined && options.withTag === true ? `${tag}: ${text}` : text
  }
  if (tag === undefined) return String(error)
  // Platform errors (e.g. a server's ServeError) carry their reason in `cause`.
  if (error.cause !== undefined) return `${tag}: ${describe(error.cause, options)}`
  const fields = Object.entries(error).filter(([k, v]) => k !== "_tag" && (typeof v === "string" || typeof v === "number"))
  return fields.length === 0 ? tag : `${tag} (${fields.map(([k, v]) => `${k} ${String(v)}`).join(", ")})`
}
