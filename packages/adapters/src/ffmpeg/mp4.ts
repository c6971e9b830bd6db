/**
 * Whether a file is already laid out as a master needs to be (docs/pipeline.md#ingest): an MP4
 * (ISO base media, not QuickTime) whose index (`moov`) comes before the media data (`mdat`), so a
 * browser can start playing before it has the whole file, and which is neither fragmented nor cut
 * short. Read from the top-level box headers only: a few reads, whatever the file's size.
 *
 * @since 0.1.0
 */
import { open } from "node:fs/promises"

/** Brands of plain MP4 files; QuickTime (`qt  `) and other ISO families are left to a remux. */
const mp4Brands = new Set(["isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1"])

/** Top-level boxes a fragmented or streaming layout has; a remux turns those into one `moov`. */
const fragmentBoxes = new Set(["moof", "mfra", "sidx", "styp"])

/** A plain file has a handful of top-level boxes; past this many, the file is left to a remux. */
const maxBoxes = 64

/**
 * True when `path` is a complete, unfragmented MP4 with `moov` before `mdat`; false for anything
 * else, including a file that cannot be read (the remux that follows reports that properly).
 *
 * @since 0.1.0
 */
export const isFastStartMp4 = async (path: string): Promise<boolean> => {
  const file = await open(path, "r").catch(() => undefined)
  if (file === undefined) return false
  try {
    const size = (await file.stat()).size
    const header = Buffer.alloc(16)
    const boxes: Array<string> = []
    let brands: Array<string> = []
    for (let at = 0; at < size;) {
      if (boxes.length === maxBoxes) return false
      const { bytesRead } = await file.read(header, 0, 16, at)
      if (bytesRead < 8) return false
      const type = header.toString("latin1", 4, 8)
      const short = header.readUInt32BE(0)
      // Size 1: a 64-bit size follows the type; size 0: the box runs to the end of the file.
      const boxSize = short === 1 ? (bytesRead < 16 ? 0 : Number(header.readBigUInt64BE(8))) : short === 0 ? size - at : short
      if (boxSize < 8 || at + boxSize > size || fragmentBoxes.has(type)) return false
      if (boxes.length === 0) {
        if (type !== "ftyp" || boxSize < 16 || boxSize > 4096) return false
        // The major brand, a minor version, then the compatible brands.
        const ftyp = Buffer.alloc(boxSize)
        await file.read(ftyp, 0, boxSize, at)
        brands = [ftyp.toString("latin1", 8, 12)]
        for (let b = 16; b + 4 <= boxSize; b += 4) brands.push(ftyp.toString("latin1", b, b + 4))
      }
      boxes.push(type)
      at += boxSize
    }
    const moov = boxes.indexOf("moov")
    return brands[0] !== "qt  " && brands.some((b) => mp4Brands.has(b)) &&
      moov >= 0 && boxes.indexOf("mdat") > moov && boxes.lastIndexOf("moov") === moov
  } finally {
    await file.close()
  }
}
