/**
 * Security rules, each with a test: processes get argument arrays (no shell anywhere), SQL is
 * parameterised (a hostile title round-trips; every raw statement is on an audited list), and only
 * http/https URLs are accepted. (Keys never escaping the store: test/corpus/keys.test.ts; private
 * addresses: test/fetcher/private.test.ts.)
 */
import * as YtDlp from "@heaters/adapters/ytdlp"
import { Intake } from "@heaters/core/pipeline"
import { Effect, Either } from "effect"
import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { good } from "./inputs.js"
import type { Embedded } from "./support.js"
import { startEmbedded } from "./support.js"

const repo = fileURLToPath(new URL("../../", import.meta.url))

/** Every TypeScript source file of the packages (not tests). */
const sources = (): ReadonlyArray<{ path: string; text: string }> => {
  const out: Array<{ path: string; text: string }> = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "dist" && entry.name !== "test") walk(full)
      } else if (entry.name.endsWith(".ts")) out.push({ path: relative(repo, full), text: readFileSync(full, "utf8") })
    }
  }
  for (const pkg of ["core", "adapters", "examples"]) walk(join(repo, "packages", pkg, "src"))
  return out
}

describe("processes get argument arrays, never a shell", () => {
  it("no source uses exec/execSync, a shell option, or a command string", () => {
    const files = sources()
    expect(files.length).toBeGreaterThan(50)
    for (const { path, text } of files) {
      expect(text, path).not.toMatch(/(?<![.\w])exec(Sync)?\s*\(/)
      expect(text, path).not.toMatch(/\bshell\s*:/)
      expect(text, path).not.toMatch(/execaCommand|\$`|spawnSync\(|execFileSync\(/)
      // Every process start passes a binary and an array of arguments.
      for (const call of text.matchAll(/\b(execa|execFile|spawn)\(\s*([^,)]+),\s*([^,)]*)/g)) {
        if (call[2]!.startsWith("bin: string")) continue // the wrapper's own signature
        expect(call[3]!.trim(), `${path}: ${call[0]}`).toMatch(/^(\[|args\b|\.\.\.|attempt|\w+Args\b)/)
      }
    }
  })

  it("a file name full of shell syntax is just a name", async () => {
    const h = await startEmbedded({ pipeline: { maxRetries: 1 } })
    try {
      const names = ["$(touch PWNED-1).mp4", "`touch PWNED-2`.mp4", "a; touch PWNED-3 #.mp4", "x' && touch PWNED-4 '.mp4", "-y -i evil.mp4"]
      for (const name of names) {
        const path = join(h.dir, name)
        copyFileSync(await good(), path)
        const v = await h.run(h.heaters.submit(path))
        await h.run(h.heaters.drain)
        expect((await h.run(h.heaters.video(v.id))).state, name).toBe("spliced")
      }
      const pwned = [...readdirSync(h.dir), ...readdirSync(repo), ...readdirSync(process.cwd())].filter((f) => f.startsWith("PWNED"))
      expect(pwned).toEqual([])
    } finally {
      await h.close()
    }
  }, 120_000)
})

describe("SQL is parameterised", () => {
  let h: Embedded
  beforeAll(async () => {
    h = await startEmbedded({ pipeline: { maxRetries: 1 } })
  })
  afterAll(() => h?.close())

  it("hostile titles round-trip through SQLite unchanged", async () => {
    const titles = ["x'); DROP TABLE source_videos; --", "\" OR 1=1 --", "Robert'); DELETE FROM clips;--", "%_' ? $1 :name"]
    for (const title of titles) {
      const v = await h.run(h.heaters.submit(join(h.dir, `${title}.mp4`)))
      expect((await h.run(h.heaters.video(v.id))).title).toBe(title)
    }
    const status = await h.run(h.heaters.status)
    expect(Object.values(status.videos).reduce((a, b) => a + b, 0)).toBe(titles.length)
  })

  it("every raw SQL statement is on the audited list (numbers and constants only)", () => {
    const audited = [
      "packages/adapters/src/postgres/rank.ts: sql.unsafe(`SET LOCAL enable_sort = off`)",
      "packages/adapters/src/postgres/rank.ts: sql.unsafe(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.max(efSearch, ef)",
      "packages/adapters/src/postgres/rank.ts: sql.unsafe(`SET LOCAL hnsw.iterative_scan = relaxed_order`)",
      "packages/adapters/src/sql/catalog/context.ts: sql.unsafe(dialect.checkDeferred!)",
      "packages/adapters/src/sql/layer.ts: sql.unsafe(s)",
      "packages/adapters/src/sql/schema.ts: sql.unsafe(statement)"
    ]
    const found = sources().flatMap(({ path, text }) => [...text.matchAll(/sql\.unsafe\([^)]*\)/g)].map((m) => `${path}: ${m[0]}`))
    expect(found.sort()).toEqual(audited)
  })
})

describe("only http and https URLs", () => {
  const refused = [
    "file:///etc/passwd", "FILE:///etc/passwd", "data:text/html,<script>alert(1)</script>", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
    "vbscript:msgbox", "ftp://example.com/v.mp4", "gopher://example.com/", "ws://example.com/", "blob:https://example.com/uuid",
    "about:blank", "mailto:a@b.c", "chrome://settings", "jar:http://x/y!/z", "//example.com/v.mp4"
  ]
  it.each(refused)("%s is refused by the fetcher and by intake", async (url) => {
    expect(Either.isLeft(YtDlp.validateUrl(url)), url).toBe(true)
    const classified = await Effect.runPromise(Effect.either(Intake.classify(url)))
    // Intake takes scheme-less strings as local paths; anything with a scheme must be http(s).
    if (/^[a-z][a-z0-9+.-]+:/i.test(url)) expect(Either.isLeft(classified), url).toBe(true)
  })
  it("http and https (any case) pass", () => {
    for (const url of ["http://example.com/v.mp4", "HTTPS://Example.com/v.mp4"]) expect(Either.isRight(YtDlp.validateUrl(url))).toBe(true)
  })
  it("nothing was written by the refusals", () => {
    expect(existsSync(join(repo, "PWNED-1"))).toBe(false)
  })
})
