/**
 * The detector registry. `"default"` names the detector that scored best on the benchmark
 * (bench/RESULTS.md).
 *
 * @since 0.1.0
 */
import { adaptive } from "./adaptive.js"
import { histogram } from "./histogram.js"
import type { Detector } from "./types.js"

export * from "./types.js"
export { adaptive, fold as adaptiveFold, defaults as adaptiveDefaults } from "./adaptive.js"
export type { AdaptiveSettings } from "./adaptive.js"
export { correl, histogram, histogram768 } from "./histogram.js"
export { colourDistance, distance, features, isDark } from "./features.js"

/** Every built-in detector by name. @since 0.1.0 */
export const builtins: Readonly<Record<string, Detector>> = { adaptive, histogram }

/** The name `"default"` resolves to. @since 0.1.0 */
export const defaultName = "adaptive"

/** Looks a detector up (`"default"` included) among the built-ins and `extra`. @since 0.1.0 */
export const lookup = (name: string, extra: Readonly<Record<string, Detector>> = {}): Detector | undefined => {
  const all = { ...builtins, ...extra }
  return all[name === "default" ? defaultName : name]
}
