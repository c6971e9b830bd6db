/**
 * Failures as one line for a person: core's `Errors.describe` with the tag shown, so the CLI and
 * the records use the same wording.
 *
 * @since 0.1.0
 */
import { Errors } from "@heaters/core"

/** One line for a person, from any failure (`Tag: message` for tagged errors). @since 0.1.0 */
export const describeError = (error: unknown): string => Errors.describe(error, { withTag: true })
