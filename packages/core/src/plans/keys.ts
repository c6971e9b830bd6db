/**
 * Every storage key in one place (docs/storage.md#keys): deterministic, so a retry overwrites instead
 * of orphaning; no leading slash; titles reduced to a safe ASCII slug.
 *
 * @since 0.1.0
 */

/**
 * A title as a file-name-safe slug: ASCII letters, digits, `_`, `-` and single dots; at most 80
 * characters; `video` when nothing is left. Unicode letters lose their accents first ("Café" → "Cafe").
 *
 * @since 0.1.0
 */
export const slug = (title: string): string => {
  const ascii = title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
  const cleaned = ascii
    .replace(/[^A-Za-z0-9_.-]+/g, "_")
    .replace(/\.{2,}/g, ".")
    .replace(/[_.-]*_[_.-]*/g, "_")
    .replace(/^[_.-]+|[_.-]+$/g, "")
    .slice(0, 80)
    .replace(/[_.-]+$/g, "")
  return cleaned.length > 0 ? cleaned : "video"
}

/** The normalised master of a source video. @since 0.1.0 */
export const master = (videoId: number, title: string): string => `videos/${videoId}/source/${slug(title)}.mp4`

/** Everything derived from one clip lives under this prefix. @since 0.1.0 */
export const clipPrefix = (videoId: number, clipId: number): string => `videos/${videoId}/clips/${clipId}/`

/** The storage key of a clip's sprite sheet. @since 0.1.0 */
export const sprite = (videoId: number, clipId: number): string => `${clipPrefix(videoId, clipId)}sprite.jpg`

/** The WebVTT thumbnails manifest next to the sheet. @since 0.1.0 */
export const spriteVtt = (videoId: number, clipId: number): string => `${clipPrefix(videoId, clipId)}sprite.vtt`

/** The storage key of one keyframe image of a clip, named by its tag. @since 0.1.0 */
export const keyframe = (videoId: number, clipId: number, tag: string): string =>
  `${clipPrefix(videoId, clipId)}keyframes/${slug(tag)}.jpg`

/** An exported clip file. @since 0.1.0 */
export const exported = (videoId: number, identifier: string): string => `videos/${videoId}/clips/${slug(identifier)}.mp4`

/** Splice identifier `<svid>_clip_<NNN>` (docs/storage.md#clip-identifiers). @since 0.1.0 */
export const spliceIdentifier = (videoId: number, sceneIndex: number): string =>
  `${videoId}_clip_${String(sceneIndex).padStart(3, "0")}`

/** Merge identifier `merged_<target id>_<last token of the source identifier>` (docs/storage.md#clip-identifiers). @since 0.1.0 */
export const mergeIdentifier = (targetId: number, sourceIdentifier: string): string =>
  `merged_${targetId}_${sourceIdentifier.split("_").pop() ?? sourceIdentifier}`

/**
 * Split identifier `<svid>_<start frame>_<end frame>` (docs/plans.md#split), suffixed with the parent clip id:
 * the same range can be produced again after a merge and a later split, and identifiers are unique.
 *
 * @since 0.1.0
 */
export const splitIdentifier = (videoId: number, startFrame: number, endFrame: number, parentId: number): string =>
  `${videoId}_${startFrame}_${endFrame}_c${parentId}`
