/**
 * The CLI's own failures. `UsageError` is a command line that parsed but makes no sense (exit code
 * 2, like the parser's own validation errors); `CommandFailed` is a command that ran and did not
 * reach its goal (exit code 1), e.g. an ingest that ended `ingestion_failed`.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/** A command line that parsed but makes no sense (exit code 2). @since 0.1.0 */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", {
  command: Schema.String,
  message: Schema.String
}) {}

/** A command that ran and did not reach its goal (exit code 1). @since 0.1.0 */
export class CommandFailed extends Schema.TaggedError<CommandFailed>()("CommandFailed", {
  command: Schema.String,
  message: Schema.String
}) {}
