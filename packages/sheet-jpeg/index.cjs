"use strict"
// The addon built at install time (install.cjs). Requiring an unbuilt package throws, naming why.
let binding
try {
  binding = require("./build/Release/sheet_jpeg.node")
} catch (cause) {
  throw new Error("@heaters/sheet-jpeg is not built (needs libjpeg-turbo's headers at install: apt install libjpeg62-turbo-dev, then npm rebuild @heaters/sheet-jpeg)", { cause })
}
module.exports = { encodeSheet: binding.encodeSheet }
