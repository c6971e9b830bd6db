/**
 * The status page: every video with its state and per-stage progress (ingest, sprite sheets,
 * review, keyframes and embeddings), failures with their reason and a retry button, and the jobs
 * waiting per queue. It polls the API every two seconds while the tab is visible.
 *
 * @since 0.1.0
 */
import { page } from "./layout.js"

const body = `
<h2>Pipeline status</h2>
<div id="flash" role="status"></div>
<h3>Queues</h3><div class="scroll-x"><table class="data" id="queues"><thead><tr><th>queue</th><th>jobs waiting</th></tr></thead><tbody></tbody></table></div>
<h3>Videos</h3><div class="muted" id="updated"></div>
<div class="scroll-x"><table class="data" id="videos"><thead><tr><th>video</th><th>state</th><th>sprites</th><th>reviewed</th><th>embedded</th><th></th></tr></thead><tbody></tbody></table></div>
<h3>Failures</h3><div id="failures"><p class="muted">None.</p></div>`

const script = String.raw`
const $ = (s) => document.querySelector(s)
const flash = (text) => ($("#flash").textContent = text)
const pollMs = Number(new URLSearchParams(location.search).get("poll")) || 2000
// Clip states after each stage: a clip counts as done for a stage once it has passed it.
const beyondSprite = ["pending_review", "review_approved", "review_skipped", "review_archived", "merging", "merged", "merge_failed", "splitting", "split", "split_failed", "keyframing", "keyframed", "keyframe_failed", "embedding", "embedded", "embedding_failed", "archived", "archive_failed"]
const reviewed = ["review_approved", "review_skipped", "review_archived", "merged", "split", "keyframing", "keyframed", "keyframe_failed", "embedding", "embedded", "embedding_failed", "archived", "archive_failed"]
const toEmbed = ["review_approved", "keyframing", "keyframed", "keyframe_failed", "embedding", "embedded", "embedding_failed"]
const ingestSteps = ["new", "downloading", "downloaded", "splicing", "spliced"]

const sum = (counts, states) => states.reduce((n, s) => n + (counts[s] ?? 0), 0)
function bar(done, total, label) {
  return el("div", { class: "stage", "data-stage": label }, el("progress", { max: String(Math.max(1, total)), value: String(done), "aria-label": label }), " " + done + " / " + total)
}

async function retry(kind, id) {
  try {
    await api("/api/" + kind + "/" + id + "/retry", undefined, "POST")
    flash("Retry queued for " + kind.slice(0, -1) + " " + id)
    await refresh()
  } catch (error) {
    flash("Error: " + error.message)
  }
}

async function refresh() {
  const [status, videos] = await Promise.all([api("/api/status"), api("/api/videos")])
  $("#queues tbody").replaceChildren(...Object.entries(status.queues).map(([name, n]) => el("tr", { "data-queue": name }, el("td", {}, name), el("td", {}, String(n)))))
  $("#videos tbody").replaceChildren(...videos.map(({ video, clips }) => {
    const total = Object.values(clips).reduce((a, b) => a + b, 0)
    const live = total - (clips.merged ?? 0) - (clips.split ?? 0)
    const ingest = video.state.endsWith("failed") ? el("span", {}, stateBadge(video.state)) : el("span", {}, stateBadge(video.state), " ", bar(Math.max(0, ingestSteps.indexOf(video.state)), ingestSteps.length - 1, "ingest"))
    return el("tr", { "data-video": String(video.id) },
      el("td", {}, el("a", { href: "/library?video=" + video.id }, video.title)),
      el("td", {}, ingest),
      el("td", {}, bar(sum(clips, beyondSprite), total, "sprites")),
      el("td", {}, bar(sum(clips, reviewed), live, "reviewed")),
      el("td", {}, bar(clips.embedded ?? 0, sum(clips, toEmbed), "embedded")),
      el("td", {}, video.state.endsWith("_failed") ? el("button", { class: "retry", onclick: () => retry("videos", video.id) }, "Retry") : ""))
  }))
  const failures = []
  for (const { video, failedClips } of videos) {
    if (video.state.endsWith("_failed")) failures.push(el("li", { "data-video": String(video.id) }, stateBadge(video.state), " ", video.title + ": " + (video.lastError ?? "no reason recorded") + " (retries " + video.retryCount + ") ", el("button", { class: "retry", onclick: () => retry("videos", video.id) }, "Retry")))
    for (const clip of failedClips) failures.push(el("li", { "data-clip": String(clip.id) }, stateBadge(clip.state), " clip " + clip.id + " of " + video.title + ": " + (clip.lastError ?? "no reason recorded") + " (retries " + clip.retryCount + ") ", el("button", { class: "retry", onclick: () => retry("clips", clip.id) }, "Retry")))
  }
  $("#failures").replaceChildren(failures.length ? el("ul", {}, ...failures) : el("p", { class: "muted" }, "None."))
  $("#updated").textContent = "Updated " + new Date().toLocaleTimeString()
}

async function loop() {
  if (!document.hidden) await refresh().catch((error) => flash("Error: " + error.message))
  setTimeout(loop, pollMs)
}
badge()
loop()
`

/** @since 0.1.0 */
export const statusPage = page("Status", body, script)
