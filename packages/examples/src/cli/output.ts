/**
 * Writing results: stdout carries only a command's results (text or `--json`), everything else
 * (progress, logs, errors) goes to stderr, so `heaters clips --json | jq` always sees clean JSON.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"

/** Writes lines to stdout. @since 0.1.0 */
export const print = (...lines: ReadonlyArray<string>) => Effect.sync(() => void process.stdout.write(lines.map((l) => `${l}\n`).join("")))

/** Writes a value as one line of JSON to stdout. @since 0.1.0 */
export const printJson = (value: unknown) => print(JSON.stringify(value))

/** Writes lines to stderr. @since 0.1.0 */
export const note = (...lines: ReadonlyArray<string>) => Effect.sync(() => void process.stderr.write(lines.map((l) => `${l}\n`).join("")))

/** Left-aligned columns for text tables (the last column is not padded). @since 0.1.0 */
export const table = (rows: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<string> => {
  const widths: Array<number> = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ").trimEnd())
}

/** Seconds with millisecond precision, as the catalog stores them. @since 0.1.0 */
export const seconds = (s: number): number => Math.round(s * 1000) / 1000
