/**
 * s3rver (an S3-protocol server from npm) on 127.0.0.1 and a random port, storing into a temp
 * dir, with one bucket created. The client settings are the ones s3rver needs.
 */
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as os from "node:os"
import * as path from "node:path"
import type { S3ClientConfig } from "@aws-sdk/client-s3"
import { S3Client } from "@aws-sdk/client-s3"

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>
  close(): Promise<void>
}
const S3rver = createRequire(import.meta.url)("s3rver") as new (options: Record<string, unknown>) => S3rverInstance

/** Client settings s3rver needs: path-style URLs, its fixed credentials, checksums only when required. */
export const s3ClientConfig = (endpoint: string): S3ClientConfig => ({
  endpoint,
  region: "us-east-1",
  forcePathStyle: true,
  credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED"
})

export interface S3Server {
  readonly bucket: string
  readonly endpoint: string
  readonly client: () => S3Client
  /** Closes the server for `ms` milliseconds, then serves the same data on the same port again. */
  readonly outage: (ms: number) => Promise<void>
  readonly stop: () => Promise<void>
}

export const startS3rver = async (bucket = "heaters-test"): Promise<S3Server> => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "heaters-s3rver-"))
  let server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] })
  const { port } = await server.run()
  const endpoint = `http://127.0.0.1:${port}`
  return {
    bucket,
    endpoint,
    client: () => new S3Client(s3ClientConfig(endpoint)),
    outage: async (ms) => {
      await server.close()
      await new Promise((resolve) => setTimeout(resolve, ms))
      server = new S3rver({ address: "127.0.0.1", port, silent: true, directory, configureBuckets: [{ name: bucket }] })
      await server.run()
    },
    stop: async () => {
      await server.close()
      fs.rmSync(directory, { recursive: true, force: true })
    }
  }
}
