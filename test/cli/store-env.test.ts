/**
 * The same binary on Postgres + S3, chosen by `HEATERS_*` variables alone (a throw-away
 * PostgreSQL 15 cluster with pgvector and s3rver): ingest lands rows in Postgres and objects in
 * the bucket, nothing in the data directory; secrets never reach the output.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ListObjectsV2Command } from "@aws-sdk/client-s3"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { run, stopAll } from "../support/cli.js"
import { type Cluster, startCluster } from "../support/postgres.js"
import { type S3Server, startS3rver } from "../support/s3rver.js"
import { generateVideo, type GeneratedVideo } from "../support/videos.js"

let cluster: Cluster
let s3: S3Server
let video: GeneratedVideo
let data = ""
let env: Record<string, string> = {}

beforeAll(async () => {
  ;[cluster, s3, video] = await Promise.all([
    startCluster(),
    startS3rver(),
    generateVideo({ shots: [{ source: "testsrc2", seconds: 2 }, { source: "smptebars", seconds: 2 }, { source: "color:0x336699", seconds: 2 }], width: 320, height: 180, fps: 25 })
  ])
  data = mkdtempSync(join(tmpdir(), "heaters-cli-env-"))
  env = {
    HEATERS_DATABASE_URL: await cluster.freshDatabase(),
    HEATERS_S3_BUCKET: s3.bucket,
    HEATERS_S3_ENDPOINT: s3.endpoint,
    HEATERS_S3_REGION: "us-east-1",
    HEATERS_S3_ACCESS_KEY_ID: "S3RVER",
    HEATERS_S3_SECRET_ACCESS_KEY: "S3RVER",
    HEATERS_S3_FORCE_PATH_STYLE: "true"
  }
}, 300_000)

afterAll(async () => {
  await stopAll()
  await Promise.allSettled([cluster?.stop(), s3?.stop()])
  if (data) rmSync(data, { recursive: true, force: true })
})

describe("HEATERS_DATABASE_URL + HEATERS_S3_*", () => {
  it("ingest writes the catalog to Postgres and the blobs to S3; the data directory stays empty", async () => {
    const ingest = await run(["ingest", video.path, "--data", data], { env })
    expect(ingest.exitCode).toBe(0)
    expect(ingest.stdout.trim()).toMatch(/^video 1 ".*": spliced, 3 clips$/)
    const [videos, clips] = await Promise.all([
      run(["videos", "--json", "--data", data], { env }),
      run(["clips", "--json", "--data", data], { env })
    ])
    expect(JSON.parse(videos.stdout)).toMatchObject([{ id: 1, state: "spliced" }])
    expect((JSON.parse(clips.stdout) as Array<{ state: string }>).map((c) => c.state)).toEqual(["pending_review", "pending_review", "pending_review"])
    const listed = await s3.client().send(new ListObjectsV2Command({ Bucket: s3.bucket }))
    const keys = (listed.Contents ?? []).map((o) => o.Key ?? "")
    expect(keys.some((k) => k.endsWith(".mp4"))).toBe(true)
    expect(keys.filter((k) => k.endsWith(".jpg")).length).toBeGreaterThanOrEqual(3)
    expect(readdirSync(data)).toEqual([])
    // Without the variables, the same data directory is an empty embedded store.
    const embedded = await run(["videos", "--json", "--data", data])
    expect(JSON.parse(embedded.stdout)).toEqual([])
    expect(existsSync(join(data, "heaters.db"))).toBe(true)
  }, 300_000)

  it("doctor names the store without its secrets", async () => {
    const doctor = await run(["doctor", "--data", data], { env: { ...env, HEATERS_DATABASE_URL: env.HEATERS_DATABASE_URL!.replace("postgres@", "postgres:hunter2@") } })
    expect(doctor.exitCode).toBe(0)
    expect(doctor.stdout).toMatch(/store\s+catalog: Postgres \(HEATERS_DATABASE_URL\), blobs: S3 bucket heaters-test/)
    expect(doctor.stdout + doctor.stderr).not.toMatch(/hunter2|S3RVER/)
  }, 120_000)
})
