/**
 * How the examples build Heaters: the embedded default over a data directory (`--data`,
 * `HEATERS_DATA_DIR`, else `./.heaters`).
 *
 * @since 0.1.0
 */
import * as Embedded from "@heaters/adapters/embedded"
import type { PipelineConfig } from "@heaters/core"
import { Heaters } from "@heaters/core"
import { Layer } from "effect"

/** @since 0.1.0 */
export const dataDir = (flag?: string): string => flag ?? process.env["HEATERS_DATA_DIR"] ?? ".heaters"

/**
 * The facade and every port it was built from, on the embedded default. URL downloads refuse
 * private and loopback addresses unless `fetcher.allowPrivateAddresses` (the CLI's own commands,
 * run by the machine's user, allow them; the server does not).
 *
 * @since 0.1.0
 */
export const embedded = (dir: string, pipeline: Partial<PipelineConfig.PipelineConfig> = {}, fetcher: Embedded.Options["fetcher"] = {}) =>
  Heaters.layer.pipe(Layer.provideMerge(Embedded.layer({ dataDir: dir, pipeline, fetcher })))

/** What the CLI's one-shot commands download with: the local user may fetch from their own network. @since 0.1.0 */
export const cliFetcher = { allowPrivateAddresses: true } as const
