/**
 * A throw-away PostgreSQL 15 cluster for tests: `initdb` into a temp dir (as the `postgres` user
 * when we are root — initdb refuses root), a free port on 127.0.0.1, durability off (it is thrown
 * away), and a template database migrated once so every test gets a fresh, migrated database by
 * `CREATE DATABASE … TEMPLATE` in a few tens of milliseconds.
 */
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { promisify } from "node:util"
import * as Postgres from "@heaters/adapters/postgres"
import { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Redacted } from "effect"

const run = promisify(execFile)
const BIN = process.env.HEATERS_PG_BIN ?? "/usr/lib/postgresql/15/bin"
const asRoot = process.getuid?.() === 0

/** Runs a server binary, as `postgres` when we are root. */
const pgExec = (bin: string, args: Array<string>) =>
  asRoot ? run("runuser", ["-u", "postgres", "--", path.join(BIN, bin), ...args]) : run(path.join(BIN, bin), args)

/** A free TCP port on 127.0.0.1. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

export interface Cluster {
  readonly port: number
  readonly url: (database: string) => string
  /** A new database copied from the migrated template. */
  readonly freshDatabase: () => Promise<string>
  readonly admin: <A>(f: (sql: SqlClient.SqlClient) => Effect.Effect<A, unknown>) => Promise<A>
  /** `pg_ctl restart` (fast shutdown: every open connection is cut). */
  readonly restart: () => Promise<void>
  readonly stop: () => Promise<void>
}

let counter = 0

export const startCluster = async (): Promise<Cluster> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "heaters-pg-"))
  if (asRoot) await run("chown", ["postgres:postgres", dir])
  const data = path.join(dir, "data")
  await pgExec("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"])
  const port = await freePort()
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`
  await pgExec("pg_ctl", ["-D", data, "-o", opts, "-l", path.join(dir, "log"), "-w", "start"])
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`

  const withClient = <A>(database: string, f: (sql: SqlClient.SqlClient) => Effect.Effect<A, unknown>) =>
    Effect.runPromise(
      Effect.scoped(Effect.flatMap(Layer.build(PgClient.layer({ url: Redacted.make(url(database)) })), (ctx) =>
        Effect.flatMap(Effect.succeed(ctx.unsafeMap.get(SqlClient.SqlClient.key) as SqlClient.SqlClient), f)))
    )

  const stop = async () => {
    await pgExec("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined)
    fs.rmSync(dir, { recursive: true, force: true })
  }

  try {
    await withClient("postgres", (sql) => sql.unsafe("CREATE DATABASE heaters_template"))
    // Migrate the template once through the real adapter layer (extensions, schema, HNSW index).
    await Effect.runPromise(Effect.scoped(Layer.build(Postgres.layer({ url: url("heaters_template") }))))
  } catch (e) {
    await stop()
    throw e
  }

  return {
    port,
    url,
    freshDatabase: async () => {
      const name = `t_${process.pid}_${++counter}`
      await withClient("postgres", (sql) => sql.unsafe(`CREATE DATABASE ${name} TEMPLATE heaters_template`))
      return url(name)
    },
    admin: (f) => withClient("postgres", f),
    restart: async () => {
      await pgExec("pg_ctl", ["-D", data, "-o", opts, "-l", path.join(dir, "log"), "-m", "fast", "-w", "restart"])
    },
    stop
  }
}
