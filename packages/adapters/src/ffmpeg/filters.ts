/**
 * Which filters and input protocols the ffmpeg at hand was built with (`ffmpeg -filters`,
 * `ffmpeg -protocols`). The shared pass prefers zscale for its sprite tiles and falls back to
 * swscale on builds without it; sheets read their tiles through `concatf` and `subfile` (ffmpeg
 * 5.0+) and fall back to Node streaming them. The adapter asks once and caches the answers.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { collect } from "./process.js"

/** The filter names in `ffmpeg -filters` output (lines like ` .SC zscale  V->V  Apply …`). @since 0.1.0 */
export const parseFilters = (listing: string): ReadonlySet<string> =>
  new Set(Array.from(listing.matchAll(/^ [.TSC|]{3} (\w+) +\S+->\S+/gm), (m) => m[1]!))

/** The names ffmpeg lists for `flag`; an ffmpeg that cannot list them is taken to have none of the optional ones. */
const ask = (ffmpeg: string, flag: "-filters" | "-protocols", parse: (listing: string) => ReadonlySet<string>) =>
  collect(ffmpeg, ["-hide_banner", "-nostdin", flag], flag.slice(1)).pipe(
    Effect.map(({ stdout }) => parse(new TextDecoder().decode(stdout))),
    Effect.orElseSucceed((): ReadonlySet<string> => new Set())
  )

/** The filters of `ffmpeg`. @since 0.1.0 */
export const listFilters = (ffmpeg: string): Effect.Effect<ReadonlySet<string>> => ask(ffmpeg, "-filters", parseFilters)

/** The input protocols in `ffmpeg -protocols` output (the names between `Input:` and `Output:`). @since 0.1.0 */
export const parseProtocols = (listing: string): ReadonlySet<string> =>
  new Set((/Input:\s*([\s\S]*?)Output:/.exec(listing)?.[1] ?? "").split(/\s+/).filter((name) => name !== ""))

/** The input protocols of `ffmpeg`. @since 0.1.0 */
export const listProtocols = (ffmpeg: string): Effect.Effect<ReadonlySet<string>> => ask(ffmpeg, "-protocols", parseProtocols)
