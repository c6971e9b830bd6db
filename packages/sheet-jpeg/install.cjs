// Builds the addon with node-gyp. Never fails the install: without a compiler or libjpeg-turbo's
// headers the package stays unbuilt, `require` says why, and @heaters/adapters encodes sprite
// sheets with ffmpeg instead.
const { spawnSync } = require("node:child_process")

const gyp = process.env.npm_config_node_gyp
const [command, args] = gyp ? [process.execPath, [gyp, "rebuild"]] : ["node-gyp", ["rebuild"]]
const result = spawnSync(command, args, { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" })
if (result.status !== 0) {
  const detail = result.error?.message ?? result.stderr.split("\n").filter((l) => /error/i.test(l)).slice(0, 3).join("\n")
  console.warn(
    "@heaters/sheet-jpeg: not built, so sprite sheets will be encoded by ffmpeg (slower).\n" +
      "  Needs a C compiler and libjpeg-turbo's headers (Debian: apt install build-essential libjpeg62-turbo-dev),\n" +
      `  then: npm rebuild @heaters/sheet-jpeg\n${detail}`
  )
}
