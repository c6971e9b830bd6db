/**
 * `npm run chaos` — the full crash-and-resume run (docs/RELIABILITY.md, "Crash and resume"):
 * 100 kills on the embedded default, then (when PostgreSQL is installed) 40 more on Postgres +
 * s3rver with a `pg_ctl restart` and a 10 s S3 outage in the middle. Prints the figures and exits
 * non-zero when an invariant was violated or a stranded row was not resumed.
 *
 * Options: --kills N (embedded run, default 100) --pg-kills N (default 40, 0 to skip) --videos N
 * --minutes M (time budget of the embedded run, default 10) --pg-minutes M (default a third of it,
 * at least 2) --pg-lease S (the Postgres workers' lease in seconds, default the pipeline's 30: there
 * is no same-host owner check there, so it bounds the time to resume) --only embedded|postgres
 */
import * as fs from "node:fs"
import { parseArgs } from "node:util"
import type { ChaosReport } from "../test/support/chaos.js"
import { runChaos } from "../test/support/chaos.js"

const { values } = parseArgs({
  options: { kills: { type: "string" }, "pg-kills": { type: "string" }, videos: { type: "string" }, minutes: { type: "string" }, "pg-minutes": { type: "string" }, "pg-lease": { type: "string" }, only: { type: "string" } }
})
const kills = Number(values.kills ?? 100)
const pgKills = Number(values["pg-kills"] ?? 40)
const videos = Number(values.videos ?? 6)
const minutes = Number(values.minutes ?? 10)
const pgMinutes = Number(values["pg-minutes"] ?? Math.max(2, minutes / 3))
const pgLeaseMs = values["pg-lease"] === undefined ? undefined : Number(values["pg-lease"]) * 1000
const only = values.only
const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`)

const summary = (r: ChaosReport) =>
  [
    `## ${r.backend}: ${r.kills} kills in ${Math.round(r.durationMs / 1000)} s`,
    `kills by kind: ${JSON.stringify(r.killsBy)}`,
    `kills that stranded leased rows: ${r.stranded}, resumed: ${r.recovered}; time to resume p50 ${(r.recoverMs.p50 / 1000).toFixed(1)} s, max ${(r.recoverMs.max / 1000).toFixed(1)} s`,
    `videos: ${r.videos} ${JSON.stringify(r.videoStates)}, clips: ${r.clips}, review actions: ${r.reviewActions}`,
    `outages: ${r.outages.join("; ") || "none"}`,
    `failed videos: ${r.failures.join("; ") || "none"}`,
    `temp dirs left by killed workers: ${r.killedTempDirs}`,
    `violations (data lost/duplicated/leaked): ${r.violations.length}${r.violations.length ? `\n  ${r.violations.slice(0, 30).join("\n  ")}` : ""}`
  ].join("\n")

const pgAvailable = fs.existsSync(`${process.env.HEATERS_PG_BIN ?? "/usr/lib/postgresql/15/bin"}/initdb`)
const reports: Array<ChaosReport> = []
if (only !== "postgres") {
  reports.push(await runChaos({ backend: "embedded", videos, kills, budgetMs: minutes * 60_000, log }))
  console.log(summary(reports.at(-1)!))
}
if (only === "embedded") {
  // the Postgres run was not asked for
} else if (pgKills > 0 && pgAvailable) {
  reports.push(await runChaos({ backend: "postgres", videos: 4, kills: pgKills, budgetMs: pgMinutes * 60_000, restartDatabase: true, s3OutageMs: 10_000, ...(pgLeaseMs === undefined ? {} : { leaseMs: pgLeaseMs }), log }))
  console.log(summary(reports.at(-1)!))
} else if (pgKills > 0) {
  console.log("(PostgreSQL not installed: the Postgres + s3rver run was skipped)")
}
const failed = reports.some((r) => r.violations.length > 0 || r.recovered < r.stranded || r.recoverMs.max > 60_000)
process.exit(failed ? 1 : 0)
