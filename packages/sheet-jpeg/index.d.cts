/**
 * Lays tiles out in a grid of `cols` × `rows` cells, row by row, and compresses the grid to one
 * baseline JPEG (JFIF, YCbCr 4:2:0, standard Huffman tables) on libuv's thread pool.
 *
 * `file` holds tiles one after another, each full-range YUV 4:2:0 (the Y plane, then U, then V) of
 * `tileWidth` × `tileHeight` (both even); `tiles` numbers the ones that fill the cells (0 is the
 * file's first), at most `cols` × `rows` of them, and cells past the last are black. The file is
 * read a few tile rows at a time. `quality` (luminance) and `chromaQuality` (chrominance) are
 * libjpeg's 1–100 scale. Rejects with an Error for a missing or truncated file or a failed encode;
 * throws a TypeError for arguments out of range.
 *
 * @example
 * ```js
 * const { encodeSheet } = require("@heaters/sheet-jpeg")
 * // tiles.yuv: 480×270 tiles; a 5 × 2 sheet of tiles 0-4 and 10-13, its last cell black
 * const jpeg = await encodeSheet("tiles.yuv", [0, 1, 2, 3, 4, 10, 11, 12, 13], 480, 270, 5, 2, 84, 90)
 * ```
 */
export declare function encodeSheet(
  file: string,
  tiles: ReadonlyArray<number>,
  tileWidth: number,
  tileHeight: number,
  cols: number,
  rows: number,
  quality: number,
  chromaQuality: number
): Promise<Buffer>
