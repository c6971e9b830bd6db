/**
 * Cheap per-frame features for the adaptive detector: a coarse colour histogram (global colour,
 * insensitive to motion) and a grid of block means (layout: catches cuts between shots whose
 * colours match, e.g. a mirrored shot), plus luma statistics to recognise black frames.
 *
 * @since 0.1.0
 */
import type { Frame } from "./types.js"

/** Bins per channel of the coarse histogram. @since 0.1.0 */
export const BINS = 32
const GRID_X = 16
const GRID_Y = 9

/** The features of one frame: a coarse colour histogram, a grid of block means and luma statistics. @since 0.1.0 */
export interface Features {
  /** 3 × BINS, each channel normalised to sum 1. */
  readonly hist: Float32Array
  /** Block means, RGB, 0…1; `GRID_X × GRID_Y × 3` (fewer for tiny frames). */
  readonly blocks: Float32Array
  /** Mean and standard deviation of luma, 0…1. */
  readonly luma: number
  readonly lumaStd: number
}

const blockIndexCache = new Map<string, { readonly index: Int32Array; readonly counts: Float32Array; readonly size: number }>()

/** Which block each pixel falls into; cached per frame size since every frame of a video shares it. */
const blockIndex = (width: number, height: number) => {
  const key = `${width}x${height}`
  const cached = blockIndexCache.get(key)
  if (cached !== undefined) return cached
  const gx = Math.min(GRID_X, width)
  const gy = Math.min(GRID_Y, height)
  const index = new Int32Array(width * height)
  const counts = new Float32Array(gx * gy)
  for (let y = 0; y < height; y++) {
    const by = Math.floor((y * gy) / height)
    for (let x = 0; x < width; x++) {
      const b = by * gx + Math.floor((x * gx) / width)
      index[y * width + x] = b
      counts[b]! += 1
    }
  }
  const entry = { index, counts, size: gx * gy }
  blockIndexCache.set(key, entry)
  return entry
}

/** Computes a frame's features. @since 0.1.0 */
export const features = (frame: Frame): Features => {
  const { index, counts, size } = blockIndex(frame.width, frame.height)
  const d = frame.data
  const pixels = frame.width * frame.height
  const hist = new Float32Array(3 * BINS)
  const blocks = new Float32Array(size * 3)
  const shift = Math.log2(256 / BINS)
  let lumaSum = 0
  let lumaSq = 0
  for (let p = 0, i = 0; p < pixels; p++, i += 3) {
    const r = d[i]!
    const g = d[i + 1]!
    const b = d[i + 2]!
    hist[r >> shift]! += 1
    hist[BINS + (g >> shift)]! += 1
    hist[2 * BINS + (b >> shift)]! += 1
    const k = index[p]! * 3
    blocks[k]! += r
    blocks[k + 1]! += g
    blocks[k + 2]! += b
    const y = (0.299 * r + 0.587 * g + 0.114 * b) / 255
    lumaSum += y
    lumaSq += y * y
  }
  for (let i = 0; i < hist.length; i++) hist[i]! /= pixels
  for (let k = 0; k < size; k++) {
    const c = counts[k]! * 255
    blocks[3 * k]! /= c
    blocks[3 * k + 1]! /= c
    blocks[3 * k + 2]! /= c
  }
  const luma = lumaSum / pixels
  return { hist, blocks, luma, lumaStd: Math.sqrt(Math.max(0, lumaSq / pixels - luma * luma)) }
}

/**
 * Distance between two frames, 0 (same) … 1: the mean of the block-mean difference (layout) and the
 * histograms' total-variation distance (colour), so either kind of change counts.
 *
 * @since 0.1.0
 */
export const distance = (a: Features, b: Features): number => {
  let pix = 0
  for (let i = 0; i < a.blocks.length; i++) pix += Math.abs(a.blocks[i]! - b.blocks[i]!)
  pix /= a.blocks.length
  return (pix + colourDistance(a, b)) / 2
}

/**
 * Histogram-only distance, 0…1 (total variation, averaged over the channels): blind to layout, so
 * motion barely moves it — what the flash test needs inside a pan.
 *
 * @since 0.1.0
 */
export const colourDistance = (a: Features, b: Features): number => {
  let tv = 0
  for (let i = 0; i < a.hist.length; i++) tv += Math.abs(a.hist[i]! - b.hist[i]!)
  return tv / 6 // three channels, each with total variation ≤ 2
}

/** Mean and standard deviation of some values (a picture's levels). @since 0.1.0 */
export const meanAndStd = (values: ArrayLike<number>): { readonly mean: number; readonly std: number } => {
  let sum = 0
  let sq = 0
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!
    sq += values[i]! * values[i]!
  }
  const mean = sum / values.length
  return { mean, std: Math.sqrt(Math.max(0, sq / values.length - mean * mean)) }
}

/** A black (or nearly black, flat) frame: what a fade passes through. @since 0.1.0 */
export const isDark = (f: Features): boolean => f.luma < 0.08 && f.lumaStd < 0.04

/** A white (or nearly white, flat) frame: a flash, or the middle of a fade through white. @since 0.1.0 */
export const isWhite = (f: Features): boolean => f.luma > 0.85 && f.lumaStd < 0.06
