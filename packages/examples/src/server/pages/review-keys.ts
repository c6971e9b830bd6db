/**
 * The review page's hotkeys (see `review-script.ts` for the actions they call, in the same page
 * script): a letter arms its action and Enter fires it, so one key press is one action; arrows and
 * `,`/`.` only step frames, and only X (or the Split button) enters split mode, where the verdict
 * letters are refused; the ID box keeps digits and editing keys; Ctrl/⌘ shortcuts stay the browser's.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export const reviewKeysScript = String.raw`
function arm(action) {
  state.armed = action
  document.querySelectorAll("[data-action]").forEach((b) => b.classList.toggle("armed", b.dataset.action === action))
}
// What the target box keeps for itself; every other key is a hotkey even while it has focus.
const boxKeys = new Set(["Backspace", "Delete", "Tab", "Home", "End", "ArrowLeft", "ArrowRight"])
document.addEventListener("keydown", (e) => {
  if (e.target === $("#target") && !e.ctrlKey && !e.metaKey && (/^[0-9]$/.test(e.key) || (boxKeys.has(e.key) && !e.shiftKey))) return
  const key = e.key.toLowerCase()
  if ((e.ctrlKey || e.metaKey) && key === "z") return e.preventDefault(), undo()
  if (e.ctrlKey || e.metaKey || e.altKey) return // browser shortcuts (Ctrl+S, Ctrl+D …) are not hotkeys
  if (!$("#help").hidden) {
    if (e.key === "Escape" || e.key === "?") toggleHelp(false)
    return
  }
  if (e.key === "?") return e.preventDefault(), toggleHelp(true)
  if (e.key === " ") return e.preventDefault(), e.shiftKey ? toggleIdMode() : togglePlay()
  if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
    e.preventDefault()
    if (e.shiftKey && state.idMode) return (state.gridPage += e.key === "ArrowLeft" ? -1 : 1), loadSiblings()
    return stepFrames(e.key === "ArrowLeft" ? -1 : 1)
  }
  if (e.key === "," || e.key === ".") return e.preventDefault(), stepFrames(e.key === "," ? -1 : 1)
  if (key === "x") return e.preventDefault(), state.split ? leaveSplit(true) : enterSplit()
  if (e.key === "Escape") return leaveSplit(true), arm(null)
  if (e.key === "Enter") {
    // A hotkey's Enter must not also activate the focused button. A verdict letter held in split
    // mode was refused: its Enter is not a split either.
    if (state.split && state.refused) return e.preventDefault(), flash(splitRefusal)
    if (state.split) return e.preventDefault(), act("split", { frame: state.player.frame })
    if (state.armed) {
      e.preventDefault()
      const action = state.armed
      arm(null)
      return act(action)
    }
    return
  }
  if (keys[key]) {
    e.preventDefault()
    if (state.split) return (state.refused = key), flash(splitRefusal)
    if (!e.repeat) arm(keys[key])
  }
})
document.addEventListener("keyup", (e) => {
  const key = e.key.toLowerCase()
  if (key === state.refused) state.refused = null
  if (keys[key] === state.armed) arm(null)
})
`
