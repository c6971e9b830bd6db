/**
 * Writes the tests' tiny CLIP-shaped model directory (generated weights, the fixture tokenizer),
 * to try the ONNX embedder end to end without real CLIP weights:
 *
 *   npx tsx scripts/make-test-clip-model.ts /tmp/tiny-clip [immich|huggingface]
 *   HEATERS_CLIP_MODEL_DIR=/tmp/tiny-clip npm run demo
 *
 * The vectors mean nothing (random weights); loading, preprocessing, batching and tokenising are real.
 */
import { writeModelDir } from "../test/support/onnx-models.js"

const [dir, layout = "huggingface"] = process.argv.slice(2)
if (dir === undefined || (layout !== "immich" && layout !== "huggingface")) {
  process.stderr.write("usage: npx tsx scripts/make-test-clip-model.ts DIR [immich|huggingface]\n")
  process.exit(2)
}
writeModelDir(dir, { layout })
process.stdout.write(`${dir}: tiny CLIP-shaped model (${layout} layout, 32 dimensions)\n`)
