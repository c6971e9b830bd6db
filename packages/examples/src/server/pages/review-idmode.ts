/**
 * The review page's ID mode, in the same page script as `review-script.ts`: a target-id box and a
 * grid of the video's other clips, each captioned with where it stands in review, to pick the
 * partner of a merge or group that is not the previous clip. It forgets its target once used.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export const reviewIdModeScript = String.raw`
// What a clip's state means to a reviewer picking a partner in ID mode.
function reviewLabel(clip) {
  if (clip.state === "pending_review") return clip.reviewedAt ? "waiting to commit" : "not reviewed"
  return { review_approved: "approved", review_skipped: "skipped", review_archived: "archived" }[clip.state] ?? clip.state.replaceAll("_", " ")
}

async function loadSiblings() {
  const item = state.queue[0]
  if (!item) return
  const all = (await api("/api/videos/" + item.video.id + "/clips")).filter((s) => s.clip.id !== item.clip.id && s.sprite)
  const pages = Math.max(1, Math.ceil(all.length / 24))
  state.gridPage = Math.max(0, Math.min(state.gridPage, pages - 1))
  $("#grid-page").textContent = state.gridPage + 1 + " / " + pages
  const pick = (s) => () => {
    $("#target").value = String(s.clip.id)
    updateButtons()
  }
  const cells = all.slice(state.gridPage * 24, state.gridPage * 24 + 24).map((s) => spriteThumb(s, 160, "#" + s.clip.id + " · " + reviewLabel(s.clip), pick(s)).figure)
  $("#siblings").replaceChildren(...cells)
}
function openIdMode() {
  state.idMode = true
  $("#idmode").hidden = false
  $("#pick-target").classList.add("active")
  loadSiblings().catch((error) => flash("Error: " + error.message))
  updateButtons()
}
function closeIdMode() {
  state.idMode = false
  $("#idmode").hidden = true
  $("#pick-target").classList.remove("active")
  $("#target").value = ""
  if (document.activeElement === $("#target")) $("#target").blur()
  updateButtons()
}
const toggleIdMode = () => (state.idMode ? closeIdMode() : openIdMode())
$("#pick-target").addEventListener("click", clicked(toggleIdMode))
$("#prev-page").addEventListener("click", clicked(() => { state.gridPage--; loadSiblings() }))
$("#next-page").addEventListener("click", clicked(() => { state.gridPage++; loadSiblings() }))
`
