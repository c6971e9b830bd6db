/**
 * The review page (DOMAIN.md §11): the sprite player, the actions with hold-to-arm hotkeys, split
 * mode, ID mode with the sibling grid, undo, and a prefetched local queue. Actions wait for the
 * server's answer, so a refused action is shown instead of silently lost (the original was
 * optimistic and only logged failures).
 *
 * @since 0.1.0
 */
import { page } from "./layout.js"

const body = `
<h2 id="title">Loading…</h2>
<div class="muted" id="subtitle"></div>
<div id="viewer"></div>
<div class="row"><button id="play">Pause</button><button id="speed">1×</button>
<input type="range" id="scrub" min="1" value="1" style="width:320px"><span id="frame">Frame: 1</span></div>
<div class="row" id="actions">
<button data-action="approve" title="A">Approve (A)</button><button data-action="skip" title="S">Skip (S)</button>
<button data-action="archive" title="D">Archive (D)</button><button data-action="merge" title="F">Merge (F)</button>
<button data-action="group" title="G">Group (G)</button><button id="split">Split (←/→)</button><button id="undo">Undo (Ctrl+Z)</button></div>
<div id="flash" role="status"></div>
<div id="idmode" hidden><div class="row"><label>Target clip id <input id="target" inputmode="numeric" size="8"></label>
<button id="prev-page">◀</button><span id="grid-page"></span><button id="next-page">▶</button></div><div class="grid" id="siblings"></div></div>
<div id="empty" hidden><h2>All clips reviewed!</h2><button id="empty-undo">Undo</button></div>`

const script = String.raw`
const $ = (s) => document.querySelector(s)
const state = { queue: [], history: [], armed: null, split: false, idMode: false, player: null, gridPage: 0, lastStep: 0, stepSize: 1 }
const keys = { a: "approve", s: "skip", d: "archive", f: "merge", g: "group" }
const past = { approve: "Approved", skip: "Skipped", archive: "Archived", split: "Split queued for", group: "Grouped", merge: "Merge queued for" }
const flash = (text) => ($("#flash").textContent = text)
const setPending = (n) => ($("#pending").textContent = String(n))

async function refill() {
  if (state.queue.length >= 4) return
  const exclude = state.queue.map((i) => i.clip.id).concat(state.history.map((h) => h.clipId))
  const { items, pending } = await api("/api/review/next?limit=6&exclude=" + exclude.join(","))
  for (const item of items) if (!state.queue.some((q) => q.clip.id === item.clip.id)) state.queue.push(item)
  setPending(pending)
}

function show() {
  state.player?.destroy()
  state.player = null
  leaveSplit()
  const item = state.queue[0]
  $("#empty").hidden = item !== undefined
  for (const id of ["#title", "#subtitle", "#viewer", "#actions", "#scrub", "#play", "#speed", "#frame"]) $(id).style.visibility = item ? "" : "hidden"
  if (!item) return
  $("#title").textContent = item.video.title + " — clip " + item.clip.id
  $("#subtitle").textContent = item.clip.identifier + " · " + item.clip.startTime.toFixed(2) + "–" + item.clip.endTime.toFixed(2) + " s"
  const viewer = el("div", { id: "sprite", onclick: () => state.player?.toggle() })
  $("#viewer").replaceChildren(viewer)
  if (!item.sprite) return flash("This clip has no sprite sheet yet")
  state.player = new SpritePlayer(viewer, item.sprite, {
    onFrame: (frame) => {
      $("#frame").textContent = "Frame: " + frame
      $("#scrub").value = String(frame)
    }
  })
  $("#scrub").max = String(state.player.total - 1)
  $("#speed").textContent = state.player.speed + "×"
  const next = state.queue[1]
  if (next?.sprite) new Image().src = next.sprite.url
  if (state.idMode) loadSiblings()
}

async function act(action, extra = {}) {
  const item = state.queue[0]
  if (!item) return
  const target = $("#target").value.trim()
  if (state.idMode && (action === "merge" || action === "group") && target !== "") extra.targetClipId = Number(target)
  try {
    const { clips, pending } = await api("/api/review/" + item.clip.id, { action, ...extra })
    setPending(pending)
    const partner = clips.find((c) => c.id !== item.clip.id)
    state.queue = state.queue.filter((q) => !clips.some((c) => c.id === q.clip.id))
    state.history.push({ clipId: item.clip.id, action })
    if (state.history.length > 5) state.history.shift()
    flash(partner ? past[action] + " " + partner.id + " ↔ " + item.clip.id : past[action] + " clip " + item.clip.id)
    await refill()
    show()
  } catch (error) {
    flash("Error: " + error.message)
  }
}

async function undo() {
  const last = state.history.pop()
  if (!last) return flash("Nothing to undo")
  try {
    await api("/api/review/" + last.clipId, { action: "undo" })
    const item = await api("/api/clips/" + last.clipId)
    state.queue = [item].concat(state.queue.filter((q) => q.clip.id !== item.clip.id))
    flash("Undid " + last.action + " of clip " + last.clipId)
    show()
    await refill()
  } catch (error) {
    flash("Undo refused: " + error.message)
  }
}

function enterSplit() {
  if (!state.player) return
  state.split = true
  state.player.pause()
  document.body.classList.add("split-mode")
  $("#split").classList.add("active")
  flash("Split mode: ←/→ move, Enter splits at this frame, Esc leaves")
}
function leaveSplit() {
  state.split = false
  document.body.classList.remove("split-mode")
  $("#split").classList.remove("active")
}
// Repeated steps within 300 ms accelerate: 1 → 2 → 4 → 8 → 16 frames.
function stepFrames(direction) {
  const now = performance.now()
  state.stepSize = now - state.lastStep < 300 ? Math.min(16, state.stepSize * 2) : 1
  state.lastStep = now
  state.player.step(direction * state.stepSize)
}

async function loadSiblings() {
  const item = state.queue[0]
  if (!item) return
  const all = (await api("/api/videos/" + item.video.id + "/clips")).filter((s) => s.clip.id !== item.clip.id && s.sprite)
  const pages = Math.max(1, Math.ceil(all.length / 24))
  state.gridPage = Math.min(state.gridPage, pages - 1)
  $("#grid-page").textContent = state.gridPage + 1 + " / " + pages
  const cells = all.slice(state.gridPage * 24, state.gridPage * 24 + 24).map((s) => {
    const box = el("div")
    const scale = 160 / s.sprite.meta.tile_width
    const holder = el("div", { style: "width:160px;height:" + Math.round(s.sprite.meta.tile_height_calculated * scale) + "px;overflow:hidden" }, box)
    box.style.transform = "scale(" + scale + ")"
    const player = new SpritePlayer(box, s.sprite, { autoplay: false, fixedSpeed: 1 })
    return el("figure", { class: "thumb", onmouseenter: () => player.play(), onmouseleave: () => player.reset(), onclick: () => ($("#target").value = String(s.clip.id)) },
      holder, el("figcaption", {}, "#" + s.clip.id + " · " + s.clip.state))
  })
  $("#siblings").replaceChildren(...cells)
}
function toggleIdMode() {
  state.idMode = !state.idMode
  $("#idmode").hidden = !state.idMode
  if (state.idMode) loadSiblings()
}

document.querySelectorAll("[data-action]").forEach((b) => b.addEventListener("click", () => act(b.dataset.action)))
$("#split").addEventListener("click", () => (state.split ? act("split", { frame: state.player.frame }) : enterSplit()))
$("#undo").addEventListener("click", undo)
$("#empty-undo").addEventListener("click", undo)
$("#play").addEventListener("click", () => state.player?.toggle())
$("#speed").addEventListener("click", () => state.player && ($("#speed").textContent = state.player.cycleSpeed() + "×"))
$("#scrub").addEventListener("input", (e) => {
  state.player?.pause()
  state.player?.seek(Number(e.target.value))
})
$("#prev-page").addEventListener("click", () => { state.gridPage = Math.max(0, state.gridPage - 1); loadSiblings() })
$("#next-page").addEventListener("click", () => { state.gridPage++; loadSiblings() })

function arm(action) {
  state.armed = action
  document.querySelectorAll("[data-action]").forEach((b) => b.classList.toggle("armed", b.dataset.action === action))
}
document.addEventListener("keydown", (e) => {
  // Typing in the target-id box is not a hotkey (the scrub slider is not a text field).
  if (e.target instanceof HTMLInputElement && e.target.type !== "range" && e.key !== "Escape") return
  const key = e.key.toLowerCase()
  if ((e.ctrlKey || e.metaKey) && key === "z") return e.preventDefault(), undo()
  if (e.key === " ") return e.preventDefault(), e.shiftKey ? toggleIdMode() : state.player?.toggle()
  if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
    e.preventDefault()
    if (e.shiftKey && state.idMode) return (state.gridPage = Math.max(0, state.gridPage + (e.key === "ArrowLeft" ? -1 : 1))), loadSiblings()
    if (!state.player) return
    if (!state.split) enterSplit()
    return stepFrames(e.key === "ArrowLeft" ? -1 : 1)
  }
  if (e.key === "Escape") return leaveSplit(), arm(null)
  if (e.key === "Enter") {
    if (state.split) return act("split", { frame: state.player.frame })
    if (state.armed) { const action = state.armed; arm(null); return act(action) }
  }
  if (keys[key] && !e.repeat) arm(keys[key])
})
document.addEventListener("keyup", (e) => {
  if (keys[e.key.toLowerCase()] === state.armed) arm(null)
})

refill().then(show).catch((error) => flash("Error: " + error.message))
`

/** @since 0.1.0 */
export const reviewPage = page("Review", body, script)
