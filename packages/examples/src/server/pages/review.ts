/**
 * The review page: the sprite player, the actions with hold-to-arm hotkeys, split mode, ID mode
 * with the sibling grid, undo, a prefetched local queue, "n left", the hotkey overlay and the
 * merge hint. Actions wait for the server's answer, so a refused action is shown instead of lost.
 *
 * @since 0.1.0
 */
import { page } from "./layout.js"
import { reviewIdModeScript } from "./review-idmode.js"
import { reviewKeysScript } from "./review-keys.js"
import { reviewScript } from "./review-script.js"

/** Every hotkey, as the `?` overlay lists it. @since 0.1.0 */
export const hotkeys: ReadonlyArray<readonly [string, string]> = [
  ["hold A + Enter", "approve"],
  ["hold S + Enter", "skip"],
  ["hold D + Enter", "archive"],
  ["hold F + Enter", "merge with the previous clip (or the ID-mode target)"],
  ["hold G + Enter", "group with the previous clip (or the ID-mode target)"],
  ["← / → or , / .", "pause and step frames (repeat to speed up)"],
  ["X", "split mode on / off (playback stops; verdicts wait until you leave it)"],
  ["Enter (split mode)", "split at the shown frame"],
  ["Esc", "leave split mode / disarm / close this overlay"],
  ["Space", "play / pause (not in split mode)"],
  ["Shift + Space", "ID mode: pick a target clip by id or thumbnail"],
  ["Shift + ← / →", "ID mode: previous / next page of thumbnails"],
  ["Ctrl + Z", "undo the last action"],
  ["?", "show / hide this list"]
]

const help = `<div id="help" role="dialog" aria-modal="true" aria-labelledby="help-title" hidden><div class="dialog">
<h3 id="help-title">Hotkeys</h3><table>${hotkeys.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join("")}</table>
<button id="help-close">Close (Esc)</button></div></div>`

const body = `
<div class="head"><h2 id="title">Loading…</h2><span class="muted" id="left" aria-live="polite"></span><button id="help-open" aria-label="Hotkeys" title="Hotkeys (?)">?</button></div>
<div class="muted" id="subtitle"></div>
<div id="hint" class="hint" hidden></div>
<div id="viewer"></div>
<div class="row" id="controls"><button id="play">Pause</button><button id="speed" aria-label="Playback speed">1×</button>
<input type="range" id="scrub" min="1" value="1" aria-label="Frame"><span id="frame">Frame: 1</span></div>
<div class="row" id="actions">
<button data-action="approve" title="A">Approve<span class="key"> (A)</span></button><button data-action="skip" title="S">Skip<span class="key"> (S)</span></button>
<button data-action="archive" title="D">Archive<span class="key"> (D)</span></button><button data-action="merge" title="F">Merge<span class="key"> (F)</span></button>
<button data-action="group" title="G">Group<span class="key"> (G)</span></button><button id="split" title="X">Split<span class="key"> (X)</span></button><button id="split-cancel" hidden>Cancel split</button>
<button id="pick-target" title="Shift+Space">Pick a target<span class="key"> (Shift+Space)</span></button><button id="undo">Undo<span class="key"> (Ctrl+Z)</span></button></div>
<div id="flash" role="status"></div>
<div id="idmode" hidden><div class="row"><label>Target clip id <input id="target" inputmode="numeric" size="8" autocomplete="off"></label>
<button id="prev-page" aria-label="Previous page">◀</button><span id="grid-page"></span><button id="next-page" aria-label="Next page">▶</button></div><div class="grid" id="siblings"></div></div>
<div id="empty" hidden><h2>All clips reviewed!</h2><p class="muted">New clips show up here by themselves.</p><button id="empty-undo">Undo</button></div>
${help}`

/** @since 0.1.0 */
export const reviewPage = page("Review", body, reviewScript + reviewIdModeScript + reviewKeysScript)
