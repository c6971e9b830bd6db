// s3rver in its own plain-Node process (test/support/s3rver.ts starts it). s3rver's dependencies
// do not load under tsx's module loader (`is-generator-function` fails with "getGeneratorFunction
// is not a function"), so the harnesses that run under tsx never import it themselves.
//
// Usage: node s3rver-process.mjs <directory> <port, 0 for any> <bucket>
// Prints {"port":N} on stdout once it serves; exits when stdin closes (its parent is gone) or on SIGTERM.
import { createRequire } from "node:module"

const S3rver = createRequire(import.meta.url)("s3rver")
const [directory, port, bucket] = process.argv.slice(2)
const server = new S3rver({ address: "127.0.0.1", port: Number(port), silent: true, directory, configureBuckets: [{ name: bucket }] })
const { port: bound } = await server.run()
process.stdout.write(`${JSON.stringify({ port: bound })}\n`)
const stop = () => server.close().finally(() => process.exit(0))
process.stdin.on("end", stop)
process.stdin.on("close", stop)
process.stdin.resume()
process.once("SIGTERM", stop)
