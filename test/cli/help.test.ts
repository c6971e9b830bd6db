/**
 * The command line itself, through the real binary: `--help` on every command, the exit codes of
 * usage errors (2), and plain text (no colour codes) when piped.
 */
import { afterAll, describe, expect, it } from "vitest"
import { hasAnsi, inBatches, run, stopAll } from "../support/cli.js"

afterAll(stopAll)

// Every command with flags its help must mention.
const commands: ReadonlyArray<[string, ReadonlyArray<string>]> = [
  ["demo", ["--data DIR", "--port N", "--no-serve"]],
  ["ingest", ["<FILE|URL>", "--json", "--min-clip-seconds S"]],
  ["serve", ["--port N", "--host HOST"]],
  ["work", ["--until-idle", "--json"]],
  ["status", ["--data DIR", "--json"]],
  ["videos", ["--json"]],
  ["clips", ["--video ID", "--state STATE", "--json"]],
  ["review", ["approve", "skip", "archive"]],
  ["review approve", ["<CLIP_ID>...", "--all-pending", "--video ID"]],
  ["review skip", ["<CLIP_ID>...", "--all-pending"]],
  ["review archive", ["<CLIP_ID>...", "--all-pending"]],
  ["search", ["--similar CLIP_ID", "--text QUERY", "--duplicates", "--limit N", "--json"]],
  ["export", ["<CLIP_ID>", "--out FILE"]],
  ["scenes", ["<FILE>", "--detector NAME", "--threshold X", "--min-clip-seconds S", "--json"]],
  ["sprite", ["<FILE>", "--start S", "--end E", "--out DIR", "--tile-width PX"]],
  ["doctor", ["--data DIR"]]
]

describe("heaters --help", () => {
  it("the overview lists every command; piped help has no colour codes", async () => {
    // The real bin/heaters.mjs from the sources, as after a clone (the other tests run the bundle).
    const help = await run(["--help"], { realBin: true })
    expect(help.exitCode).toBe(0)
    for (const [name] of commands) expect(help.stdout).toContain(`- ${name}`)
    expect(hasAnsi(help.stdout)).toBe(false)
  }, 120_000)

  it("every command has --help with its options (exit 0, stdout)", async () => {
    const runs = await inBatches(commands, 6, ([name]) => run([...name.split(" "), "--help"]))
    runs.forEach((r, i) => {
      const [name, flags] = commands[i]!
      expect(r.exitCode, name).toBe(0)
      expect(r.stderr, name).toBe("")
      for (const flag of flags) expect(r.stdout, `${name} ${flag}`).toContain(flag)
    })
  }, 600_000)
})

describe("usage errors exit with 2 and say what is wrong on stderr", () => {
  const cases: ReadonlyArray<[ReadonlyArray<string>, RegExp]> = [
    [[], /COMMANDS/], // bare `heaters`: the overview, but no command ran
    [["bogus"], /Invalid subcommand/],
    [["videos", "--nope"], /--nope/],
    [["ingest"], /Missing argument <FILE\|URL>/],
    [["clips", "--state", "nope"], /--state must be one of spliced, /],
    [["clips", "--video", "x"], /--video must be a number, got x/],
    [["review", "approve"], /give one or more CLIP_IDs, or --all-pending/],
    [["review", "approve", "3", "--all-pending"], /not both/],
    [["review", "skip", "3", "--video", "1"], /--video goes with --all-pending/],
    [["review", "approve", "abc"], /CLIP_ID must be a positive whole number, got abc/],
    [["review", "frobnicate", "1"], /Invalid subcommand/],
    [["review"], /give an action: approve, skip or archive/],
    [["search"], /exactly one of --similar CLIP_ID, --text QUERY, --duplicates/],
    [["search", "--similar", "1", "--duplicates"], /exactly one of/],
    [["search", "--similar", "1", "--limit", "0"], /--limit must be a positive whole number/],
    [["export", "1"], /--out/],
    [["serve", "--port", "abc"], /--port must be a number, got abc/],
    [["sprite", "/x.mp4", "--start", "4", "--end", "2", "--out", "/tmp/x"], /--end \(2\) must be after --start \(4\)/],
    [["work", "--until-idle", "extra"], /extra/]
  ]

  it("each case (run a few at a time: every run pays the start-up)", async () => {
    const results = await inBatches(cases, 6, ([args]) => run(args))
    results.forEach((r, i) => {
      const [args, message] = cases[i]!
      const what = `heaters ${args.join(" ")}`
      expect(r.exitCode, what).toBe(2)
      expect(args.length === 0 ? r.stdout : r.stderr, what).toMatch(message)
      expect(hasAnsi(r.stderr), what).toBe(false)
    })
  }, 600_000)
})
