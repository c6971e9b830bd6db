/**
 * The packages as a user gets them: build, `npm pack` both, install the tarballs into an app outside
 * the workspace, type-check the README's host app under `nodenext` and `bundler` with `--strict`,
 * run it (memory adapters), run a host app on the embedded default with a generated video, require
 * the CommonJS builds, check both tarballs with `@arethetypeswrong/cli`, and add the optional native
 * sheet encoder (`@heaters/sheet-jpeg`, built in the app) that the ffmpeg adapter then uses.
 */
import { execFile } from "node:child_process"
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { generateVideo } from "../support/videos.js"

const run = promisify(execFile)
const root = new URL("../../", import.meta.url).pathname
const work = mkdtempSync(join(tmpdir(), "heaters-consumer-"))
const app = join(work, "app")
const rootPackage = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
const pinned = (name: string): string => rootPackage.devDependencies[name]
let tarballs: { core: string; adapters: string }
let sheetJpeg: string

const sh = (file: string, args: ReadonlyArray<string>, cwd: string, timeout = 240_000) =>
  run(file, args, { cwd, timeout, maxBuffer: 64 << 20, env: { ...process.env, NODE_OPTIONS: "", HEATERS_BUILD: "packages" } })
const node = (args: ReadonlyArray<string>) => sh(process.execPath, args, app)
const tsc = (project: string) => node([join(root, "node_modules/typescript/bin/tsc"), "-p", project])

const tsconfig = (options: Record<string, unknown>) =>
  JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", skipLibCheck: false, types: ["node"], ...options }, include: ["src"] })

beforeAll(async () => {
  await sh("npx", ["tsup"], root, 900_000).catch((e) => Promise.reject(new Error(`build failed: ${e.stderr}`)))
  const pack = async (dir: string) => {
    const { stdout } = await sh("npm", ["pack", "--pack-destination", work, "--json"], join(root, "packages", dir))
    return join(work, JSON.parse(stdout)[0].filename as string)
  }
  tarballs = { core: await pack("core"), adapters: await pack("adapters") }
  sheetJpeg = await pack("sheet-jpeg")

  mkdirSync(join(app, "src"), { recursive: true })
  const peers = ["effect", "@effect/sql", "@effect/sql-sqlite-node", "@effect/experimental", "execa", "@types/node"]
  writeFileSync(join(app, "package.json"), JSON.stringify({
    name: "consumer", private: true, type: "module",
    dependencies: { "@heaters/core": `file:${tarballs.core}`, "@heaters/adapters": `file:${tarballs.adapters}`, ...Object.fromEntries(peers.map((p) => [p, pinned(p)])) }
  }))
  // Scripts off: better-sqlite3 would compile itself for minutes; the workspace's build of the same
  // version for the same Node is copied in instead.
  await sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], app, 600_000)
  const addon = "node_modules/better-sqlite3/build/Release"
  mkdirSync(join(app, addon), { recursive: true })
  copyFileSync(join(root, addon, "better_sqlite3.node"), join(app, addon, "better_sqlite3.node"))

  copyFileSync(join(root, "packages/examples/src/host-app.ts"), join(app, "src/host-app.ts"))
  for (const file of ["embedded-app.ts", "require-app.cjs", "missing-peer.mjs", "sheet-encoder.mjs"]) copyFileSync(join(root, "test/consumer/app", file), join(app, file.endsWith(".ts") ? `src/${file}` : file))
  writeFileSync(join(app, "tsconfig.json"), tsconfig({ module: "nodenext", moduleResolution: "nodenext", outDir: "build" }))
  writeFileSync(join(app, "tsconfig.bundler.json"), tsconfig({ module: "esnext", moduleResolution: "bundler", noEmit: true }))
}, 900_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

// Each step runs compilers or ffmpeg in child processes: minutes, not seconds, on a busy 2-core machine.
describe("the packed packages in an app outside the workspace", { timeout: 300_000 }, () => {
  it("hold JavaScript, types, README and LICENSE, and no tests or sources", async () => {
    for (const tarball of Object.values(tarballs)) {
      const { stdout } = await sh("tar", ["-tzf", tarball], work)
      const files = stdout.trim().split("\n")
      expect(files).toEqual(expect.arrayContaining(["package/README.md", "package/LICENSE", "package/package.json"]))
      expect(files.some((f) => f.endsWith(".d.ts"))).toBe(true)
      expect(files.filter((f) => /\.test\.|\/src\/|\/test\//.test(f))).toEqual([])
    }
  })

  it("type-check the host apps with --strict under nodenext and bundler", async () => {
    await tsc("tsconfig.json").catch((e) => expect.fail(`nodenext: ${e.stdout}`))
    await tsc("tsconfig.bundler.json").catch((e) => expect.fail(`bundler: ${e.stdout}`))
  })

  it("run the README's host app from the tarballs, all the way to a similarity search", async () => {
    const { stdout } = await node(["build/host-app.js"])
    const { status, similar } = JSON.parse(stdout)
    expect(status.clips).toEqual({ embedded: 3 })
    // Clips 1 and 3 were cut from the same look: each is the other's nearest neighbour.
    expect(similar[0]).toMatchObject({ distance: 0, similarityPct: 100 })
  })

  it("run a host app on the embedded default with a real video", async () => {
    const video = await generateVideo({ width: 320, height: 180, shots: [{ source: "testsrc2", seconds: 3 }, { source: "smptebars", seconds: 3 }, { source: "testsrc2", seconds: 3 }] })
    const { stdout } = await node(["build/embedded-app.js", video.path, join(work, "data")])
    const { status, similar } = JSON.parse(stdout)
    expect(status.videos).toEqual({ spliced: 1 })
    expect(status.clips).toEqual({ embedded: video.cuts.length + 1 })
    expect(similar.length).toBe(video.cuts.length)
  })

  it("load through require() (CommonJS)", async () => {
    const { stdout } = await node(["require-app.cjs"])
    expect(JSON.parse(stdout)).toEqual({ pending: 2, stages: true })
  })

  it("name the package to install when an optional peer is missing", async () => {
    const { stdout } = await node(["missing-peer.mjs"])
    expect(stdout).toContain("Cannot find package '@aws-sdk/")
  })

  it("pass @arethetypeswrong/cli for node16 and bundler", async () => {
    for (const tarball of Object.values(tarballs)) {
      await node([join(root, "node_modules/@arethetypeswrong/cli/dist/index.js"), tarball, "--profile", "node16", "--format", "ascii"])
        .catch((e) => expect.fail(`${tarball}:\n${e.stdout}${e.stderr}`))
    }
  })

  // Last: it adds a package to the app.
  it("encode sprite sheets with ffmpeg, then with the optional @heaters/sheet-jpeg once it is installed and built", async () => {
    const video = await generateVideo({ width: 320, height: 180, shots: [{ source: "testsrc2", seconds: 3 }] })
    expect((await node(["sheet-encoder.mjs", video.path])).stdout.trim()).toBe("ffmpeg")
    const { stdout: files } = await sh("tar", ["-tzf", sheetJpeg], work)
    expect(files.trim().split("\n").sort()).toEqual(
      ["LICENSE", "README.md", "binding.gyp", "index.cjs", "index.d.cts", "install.cjs", "package.json", "src/sheet_jpeg.c"].map((f) => `package/${f}`)
    )
    // Its install script builds it with node-gyp (scripts are off in this app, so it is run by hand).
    await sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", sheetJpeg], app, 600_000)
    await sh("npm", ["rebuild", "@heaters/sheet-jpeg"], app, 600_000)
    expect((await node(["sheet-encoder.mjs", video.path])).stdout.trim()).toBe("libjpeg-turbo")
  })
})
