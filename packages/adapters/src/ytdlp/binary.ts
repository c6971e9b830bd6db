/**
 * Finding the yt-dlp binary with the package's one lookup: explicit option → `HEATERS_YTDLP` →
 * `PATH`, like ffmpeg's (docs/architecture.md#processes-files-and-binaries).
 *
 * @since 0.1.0
 */
import type { Media } from "@heaters/core"
import { Effect } from "effect"
import { locate, YTDLP_INSTALL_HINT } from "../internal/binaries.js"

/** How to get yt-dlp, repeated in every "not found" error. @since 0.1.0 */
export const INSTALL_HINT = YTDLP_INSTALL_HINT

/**
 * The yt-dlp binary to run. An explicit path or `HEATERS_YTDLP` that does not point at an
 * executable is an error rather than a silent fall-through to `PATH`: the user asked for that one.
 *
 * @since 0.1.0
 */
export const resolveYtDlp = (explicit?: string | null): Effect.Effect<string, Media.BinaryNotFound> =>
  Effect.map(locate("yt-dlp", explicit), (found) => found.path)
