/**
 * The review page's browser script. The rules that keep it honest: one key press is one action (a
 * hotkey's Enter never also clicks the focused button), nothing is sent while an action is on its
 * way, the next clip shows as soon as the server answers (topping the queue up never holds the keys),
 * the queue and badge follow the newest answer of the server (undo included), an empty queue keeps
 * asking, and split mode is only ever entered on purpose: while it is on, playback stays stopped
 * and the verdicts are refused, so a step to look closer can never turn an approve into a split.
 * ID mode is in `review-idmode.ts`, the hotkeys in `review-keys.ts`: one page script.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export const reviewScript = String.raw`
const $ = (s) => document.querySelector(s)
const state = { queue: [], history: [], armed: null, split: false, idMode: false, player: null, gridPage: 0, lastStep: -Infinity, stepSize: 1, busy: false, pending: null, refused: null }
const keys = { a: "approve", s: "skip", d: "archive", f: "merge", g: "group" }
const past = { approve: "Approved", skip: "Skipped", archive: "Archived", split: "Split queued for", group: "Grouped", merge: "Merge queued for" }
const pollMs = Number(new URLSearchParams(location.search).get("poll")) || 3000
const flash = (text) => ($("#flash").textContent = text)
const live = (item) => item.clip.state === "pending_review" && !item.clip.reviewedAt

function setPending(n) {
  state.pending = n
  $("#pending").textContent = String(n)
  $("#left").textContent = n === 1 ? "1 left" : n + " left"
}

// A top-up runs beside the next action, so answers can arrive out of order: only a count from a
// request sent later than the one already shown replaces it.
let countsAsked = 0
let countShown = 0
async function counted(request) {
  const ticket = ++countsAsked
  const answer = await request()
  if (ticket > countShown) {
    countShown = ticket
    setPending(answer.pending)
  }
  return answer
}

async function refill() {
  if (state.queue.length >= 4) return
  const exclude = state.queue.map((i) => i.clip.id)
  const { items } = await counted(() => api("/api/review/next?limit=6&exclude=" + exclude.join(",")))
  for (const item of items) if (!state.queue.some((q) => q.clip.id === item.clip.id)) state.queue.push(item)
  // Keep the server's order (oldest first) behind the clip on screen: a clip that came back
  // (undone elsewhere) belongs before newer ones.
  const [head, ...rest] = state.queue
  if (head) state.queue = [head, ...rest.sort((a, b) => a.clip.id - b.clip.id)]
}

// Tops the queue up without holding the keys; shows the new head if the queue was empty.
function topUp() {
  const head = state.queue[0]
  refill().then(() => state.queue[0] !== head && show(), (error) => flash("Error: " + error.message))
}

// While nothing is left, ask again every few seconds: splits, undos elsewhere and new videos add clips.
setInterval(async () => {
  if (state.queue.length > 0 || state.busy) return
  try {
    await refill()
    if (state.queue.length > 0) show()
  } catch (error) {}
}, pollMs)

function setPlayLabel(playing) {
  $("#play").textContent = playing ? "Pause" : "Play"
}

function updateButtons() {
  const item = state.queue[0]
  const targeted = state.idMode && $("#target").value.trim() !== ""
  $('[data-action="merge"]').disabled = !item || !(targeted || item.previousClipId != null)
  $('[data-action="group"]').disabled = !item || !(targeted || item.groupClipId != null)
}

// The queued items were fetched before this page acted: when a clip the server just changed is
// the previous clip of one of them, what a plain merge or group could pair that item with changes.
function partnersChanged(changed) {
  for (const clip of changed) {
    for (const q of state.queue) {
      if (q.previousClipId !== clip.id) continue
      const waiting = clip.state === "pending_review" && clip.reviewedAt
      const usable = !waiting && clip.groupedWithClipId == null && ["pending_review", "review_approved", "review_skipped", "review_archived"].includes(clip.state)
      q.previousClipId = usable ? clip.id : null
      q.groupClipId = usable && clip.reviewedAt ? clip.id : null
    }
  }
  updateButtons()
}

function renderHint(item) {
  const hint = item.mergeHint
  $("#hint").hidden = hint == null
  if (hint == null) return
  if (typeof hint === "string") return ($("#hint").textContent = hint)
  const target = hint.targetClipId ?? hint.clipId ?? item.previousClipId
  const similarity = typeof hint.similarity === "number" ? " (" + Math.round(Math.max(0, Math.min(1, hint.similarity)) * 100) + "% alike)" : ""
  $("#hint").textContent = (hint.message ?? "Likely the same shot as clip " + target + " — merge? (F)") + similarity
}

function show() {
  state.player?.destroy()
  state.player = null
  leaveSplit(false)
  const item = state.queue[0]
  $("#empty").hidden = item !== undefined
  for (const id of ["#title", "#subtitle", "#viewer", "#actions", "#controls", "#left"]) $(id).style.visibility = item ? "" : "hidden"
  updateButtons()
  if (!item) {
    $("#hint").hidden = true
    return
  }
  $("#title").textContent = item.video.title + " — clip " + item.clip.id
  $("#subtitle").textContent = item.clip.identifier + " · " + item.clip.startTime.toFixed(2) + "–" + item.clip.endTime.toFixed(2) + " s"
  renderHint(item)
  const viewer = pressable(el("div", { id: "sprite" }), "Play or pause", togglePlay)
  $("#viewer").replaceChildren(viewer)
  if (!item.sprite) return flash("This clip has no sprite sheet yet")
  state.player = new SpritePlayer(viewer, item.sprite, {
    onFrame: (frame) => {
      $("#frame").textContent = "Frame: " + frame
      $("#scrub").value = String(frame)
    },
    onPlayState: setPlayLabel
  })
  setPlayLabel(state.player.autoplay)
  $("#scrub").max = String(state.player.total - 1)
  $("#speed").textContent = state.player.speed + "×"
  const next = state.queue[1]
  if (next?.sprite) new Image().src = next.sprite.url
  if (state.idMode) loadSiblings()
}

// Runs one request at a time: a second action while one is on its way is ignored.
async function exclusive(work) {
  if (state.busy) return
  state.busy = true
  document.body.setAttribute("aria-busy", "true")
  try {
    await work()
  } finally {
    state.busy = false
    document.body.removeAttribute("aria-busy")
  }
}

const act = (action, extra = {}) => exclusive(async () => {
  const item = state.queue[0]
  if (!item) return
  if (state.split && action !== "split") return flash(splitRefusal)
  const target = $("#target").value.trim()
  if (state.idMode && (action === "merge" || action === "group") && target !== "") extra.targetClipId = Number(target)
  try {
    const { clips } = await counted(() => api("/api/review/" + item.clip.id, { action, ...extra }))
    const partner = clips.find((c) => c.id !== item.clip.id)
    state.queue = state.queue.filter((q) => !clips.some((c) => c.id === q.clip.id))
    partnersChanged(clips)
    state.history.push({ clipId: item.clip.id, action })
    if (state.history.length > 20) state.history.shift()
    if (action === "merge" || action === "group") closeIdMode()
    flash(partner ? past[action] + " " + partner.id + " ↔ " + item.clip.id : past[action] + " clip " + item.clip.id)
  } catch (error) {
    flash("Error: " + error.message)
    // The clip moved under us (reviewed elsewhere): drop it rather than keep offering it.
    if (error.status === 409) {
      const fresh = await api("/api/clips/" + item.clip.id).catch(() => null)
      if (fresh && !live(fresh)) state.queue = state.queue.filter((q) => q.clip.id !== item.clip.id)
    }
  }
  if (state.queue[0] !== item) show()
  topUp()
})

// Undo keeps its history entry until the server agrees, so a refused undo can be tried again.
const undo = () => exclusive(async () => {
  const last = state.history[state.history.length - 1]
  if (!last) return flash("Nothing to undo")
  try {
    const { clips } = await counted(() => api("/api/review/" + last.clipId, { action: "undo" }))
    state.history.pop()
    partnersChanged(clips)
    const back = await Promise.all(clips.map((c) => api("/api/clips/" + c.id)))
    const restored = back.filter(live).sort((a, b) => a.clip.id - b.clip.id)
    state.queue = restored.concat(state.queue.filter((q) => !restored.some((r) => r.clip.id === q.clip.id)))
    flash("Undid " + last.action + " of clip " + last.clipId)
    show()
    topUp()
  } catch (error) {
    flash("Undo refused: " + error.message)
  }
})

const splitRefusal = "Split mode is on: Enter splits at this frame, Esc or Cancel leaves it first"
function enterSplit() {
  if (!state.player) return
  state.split = true
  state.player.pause()
  arm(null)
  document.body.classList.add("split-mode")
  $("#split").classList.add("active")
  $("#split-cancel").hidden = false
  flash("Split mode: ←/→ move, Enter splits at this frame, Esc or Cancel leaves")
}
function leaveSplit(resume) {
  const was = state.split
  state.split = false
  document.body.classList.remove("split-mode")
  $("#split").classList.remove("active")
  $("#split-cancel").hidden = true
  if (was && resume) {
    flash("")
    state.player?.play()
  }
}
// Playback stays stopped in split mode: the frame shown is the frame the split will cut at.
function togglePlay() {
  if (state.split) return flash("Playback is stopped in split mode: Enter splits at this frame, Esc or Cancel leaves")
  state.player?.toggle()
}
// Stepping pauses playback, in split mode or not. Repeated steps within 300 ms accelerate:
// 1 → 2 → 4 → 8 → 16 frames. The first press is one frame however soon after the page loaded
// (lastStep starts at -Infinity, not at time 0).
function stepFrames(direction) {
  if (!state.player) return
  state.player.pause()
  const now = performance.now()
  state.stepSize = now - state.lastStep < 300 ? Math.min(16, state.stepSize * 2) : 1
  state.lastStep = now
  state.player.step(direction * state.stepSize)
}

function toggleHelp(open = $("#help").hidden) {
  $("#help").hidden = !open
  if (open) $("#help-close").focus()
}

// A mouse click leaves the focus on the button, where a later Enter would click it again.
const clicked = (handler) => (e) => {
  if (e.detail > 1) return // the second click of a double-click
  if (e.detail > 0) e.currentTarget.blur()
  handler()
}
document.querySelectorAll("[data-action]").forEach((b) => b.addEventListener("click", clicked(() => act(b.dataset.action))))
$("#split").addEventListener("click", clicked(() => (state.split ? act("split", { frame: state.player.frame }) : enterSplit())))
$("#split-cancel").addEventListener("click", clicked(() => leaveSplit(true)))
$("#undo").addEventListener("click", clicked(undo))
$("#empty-undo").addEventListener("click", clicked(undo))
$("#play").addEventListener("click", clicked(togglePlay))
$("#speed").addEventListener("click", clicked(() => state.player && ($("#speed").textContent = state.player.cycleSpeed() + "×")))
$("#help-open").addEventListener("click", clicked(() => toggleHelp()))
$("#help-close").addEventListener("click", () => toggleHelp(false))
$("#target").addEventListener("input", updateButtons)
$("#scrub").addEventListener("input", (e) => {
  state.player?.pause()
  state.player?.seek(Number(e.target.value))
})

refill().then(show).catch((error) => {
  flash("Error: " + error.message)
  show()
})
`
