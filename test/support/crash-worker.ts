/**
 * A worker that dies mid-job: takes one job from `media`, reports it on stdout, then kills its own
 * process with SIGKILL — no finalizer runs, so its lock stays until it expires.
 * Usage: tsx --tsconfig test/support/tsconfig.json test/support/crash-worker.ts sqlite|postgres <file|url>
 */
import * as Postgres from "@heaters/adapters/postgres"
import * as Sqlite from "@heaters/adapters/sqlite"
import { JobQueue } from "@heaters/core"
import { Effect } from "effect"

const [kind, target] = process.argv.slice(2)
const queue = { pollInterval: "20 millis", lockExpiration: "2 seconds", maxAttempts: 3 } as const
const layer = kind === "sqlite" ? Sqlite.layer({ filename: target!, queue }) : Postgres.layer({ url: target!, queue })

Effect.flatMap(JobQueue.JobQueue, (q) =>
  q.take("media", (_, delivery) =>
    Effect.sync(() => {
      process.stdout.write(`taken ${delivery.id} ${delivery.attempts}\n`, () => process.kill(process.pid, "SIGKILL"))
    }).pipe(Effect.zipRight(Effect.never)))
).pipe(Effect.provide(layer), Effect.scoped, Effect.runPromise)
