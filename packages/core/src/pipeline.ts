/**
 * @heaters/core/pipeline — the machinery behind the facade, for adapter authors and tools: the
 * pure plans an adapter executes (scene cuts, sprite sheets, keyframes, split, merge, export,
 * storage keys), the state-machine helper, and the stage table with the worker and dispatcher
 * that drive it.
 *
 * @since 0.1.0
 */
export * as Cuts from "./plans/cuts.js"
export * as ExportPlan from "./plans/export.js"
export * as KeyframePlan from "./plans/keyframes.js"
export * as Keys from "./plans/keys.js"
export * as MergePlan from "./plans/merge.js"
export * as SplitPlan from "./plans/split.js"
export * as SpritePlan from "./plans/sprite.js"
export * as StateMachine from "./domain/StateMachine.js"

export * as Dispatcher from "./pipeline/Dispatcher.js"
export * as Intake from "./pipeline/intake.js"
export * as Stages from "./pipeline/stages.js"
export * as Worker from "./pipeline/Worker.js"
export * as Lease from "./pipeline/Lease.js"
