/**
 * Schema pieces both SQL dialects share: the allowed values of every state/type column, taken
 * from the domain modules so a new state can never be forgotten in a CHECK constraint, and the
 * migration runner.
 *
 * @since 0.1.0
 */
import { Migrator, SqlClient } from "@effect/sql"
import { Artifact, Clip, ReviewEvent, SourceVideo } from "@heaters/core"
import { Effect } from "effect"

const quoted = (values: ReadonlyArray<string>) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ")

/** `IN (...)` lists for CHECK constraints. @since 0.1.0 */
export const checks = {
  videoStates: quoted(SourceVideo.states),
  clipStates: quoted(Clip.states),
  artifactTypes: quoted(Artifact.Type.literals),
  actions: quoted(ReviewEvent.ReviewEvent.members.map((m) => (m as unknown as { _tag: string })._tag))
}

/**
 * Clip states whose range is superseded by other clips (merge/split outputs) or abandoned, so they
 * may overlap live clips of the same video.
 *
 * @since 0.1.0
 */
export const supersededClipStates: ReadonlyArray<Clip.State> = ["merged", "split", "archived"]

/** A migration: statements run in order (one per call, as both drivers require). @since 0.1.0 */
export type Statements = ReadonlyArray<string>

/**
 * Runs numbered migrations with `@effect/sql`'s Migrator (table `heaters_migrations`; on Postgres
 * it holds an exclusive lock, so processes starting together migrate once).
 *
 * @since 0.1.0
 */
export const migrate = (migrations: Record<string, Statements>) =>
  Migrator.make({})({
    table: "heaters_migrations",
    loader: Migrator.fromRecord(
      Object.fromEntries(
        Object.entries(migrations).map(([name, statements]) => [
          name,
          Effect.flatMap(SqlClient.SqlClient, (sql) =>
            Effect.forEach(statements, (statement) => sql.unsafe(statement), { discard: true })
          )
        ])
      )
    )
  })
