#!/usr/bin/env node
// The API reference: TypeDoc over every public entry point (typedoc.json). `--check` builds nothing
// and fails when a public export has no description (a JSDoc holding only tags such as `@since`
// does not count); without it the HTML goes to docs/api/.
import { Application, ReflectionKind, TSConfigReader, TypeDocReader } from "typedoc"

const check = process.argv.includes("--check")
const app = await Application.bootstrapWithPlugins({}, [new TypeDocReader(), new TSConfigReader()])
const project = await app.convert()
if (project === undefined) process.exit(1)

const required = ReflectionKind.Class | ReflectionKind.Function | ReflectionKind.Variable | ReflectionKind.TypeAlias | ReflectionKind.Interface
const describe = (r) => [r.comment, ...(r.signatures ?? []).map((s) => s.comment), r.type?.declaration?.signatures?.[0]?.comment]
  .some((c) => c !== undefined && c.summary.some((part) => part.text.trim().length > 0))
const missing = project.getReflectionsByKind(required).filter((r) => !describe(r)).map((r) => r.getFullName())

if (missing.length > 0) {
  console.error(`${missing.length} public exports have no description:\n  ${missing.join("\n  ")}`)
  process.exit(1)
}
if (check) console.log(`api docs: every public export is described (${project.getReflectionsByKind(required).length} checked)`)
else await app.generateDocs(project, "docs/api")
