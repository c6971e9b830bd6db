/**
 * s3rver (an S3-protocol server from npm) on 127.0.0.1 and a random port, storing into a temp
 * dir, with one bucket created. The client settings are the ones s3rver needs. The server runs in
 * its own plain-Node child process (`s3rver-process.mjs`): s3rver's dependencies do not load under
 * tsx, and an outage is then simply that process stopped and started again on the same port.
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import type { S3ClientConfig } from "@aws-sdk/client-s3"
import { S3Client } from "@aws-sdk/client-s3"

const script = fileURLToPath(new URL("./s3rver-process.mjs", import.meta.url))

/** Starts the server process and resolves once it serves (with its port). */
const serve = (directory: string, port: number, bucket: string): Promise<{ child: ChildProcess; port: number }> =>
  new Promise((resolve, reject) => {
    // s3rver ciphers its ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its
    // legacy provider: without it, listing past 1000 keys is a 500 InternalError.
    const child = spawn(process.execPath, ["--openssl-legacy-provider", script, directory, String(port), bucket], { stdio: ["pipe", "pipe", "pipe"] })
    let out = ""
    let err = ""
    child.stderr!.on("data", (d) => void (err += String(d)))
    child.stdout!.on("data", (d) => {
      out += String(d)
      const line = out.split("\n")[0]!
      if (out.includes("\n")) resolve({ child, port: (JSON.parse(line) as { port: number }).port })
    })
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code} before serving: ${err}`)))
  })

/** Stops the server process and waits for it to exit. */
const close = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once("exit", () => resolve())
    child.kill("SIGTERM")
  })

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
  let { child, port } = await serve(directory, 0, bucket)
  const endpoint = `http://127.0.0.1:${port}`
  return {
    bucket,
    endpoint,
    client: () => new S3Client(s3ClientConfig(endpoint)),
    outage: async (ms) => {
      await close(child)
      await new Promise((resolve) => setTimeout(resolve, ms))
      child = (await serve(directory, port, bucket)).child
    },
    stop: async () => {
      await close(child)
      fs.rmSync(directory, { recursive: true, force: true })
    }
  }
}
