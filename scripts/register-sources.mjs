// Runs the workspace's TypeScript sources without a build: tsx compiles them, and a resolve hook
// maps `@heaters/core`, `@heaters/core/pipeline` and `@heaters/adapters/<name>` to their sources
// (the packages' exports point at dist/, which a checkout lacks). Used by the CLI's bin and bench/.
import { register } from "node:module"

const src = (path) => new URL(`../packages/${path}`, import.meta.url).href

export const registerSources = async () => {
  const { register: registerTsx } = await import("tsx/esm/api")
  registerTsx()
  const hooks = `
    const core = { "@heaters/core": ${JSON.stringify(src("core/src/index.ts"))}, "@heaters/core/pipeline": ${JSON.stringify(src("core/src/pipeline.ts"))} }
    export async function resolve(specifier, context, next) {
      if (specifier in core) return next(core[specifier], context)
      const m = /^@heaters\\/adapters\\/([\\w-]+)$/.exec(specifier)
      if (m) return next(${JSON.stringify(src("adapters/src/"))} + m[1] + "/index.ts", context)
      return next(specifier, context)
    }`
  register(`data:text/javascript,${encodeURIComponent(hooks)}`)
}
