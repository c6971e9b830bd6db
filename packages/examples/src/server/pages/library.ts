/**
 * The library: every video (`/library`), one video's clips as a timeline strip with its cut
 * points and a filterable grid with state badges (`/library?video=ID`), and one clip
 * (`/library?clip=ID`): its sprite player, its review history with merge and split lineage, "find
 * similar", and an MP4 download rendered on demand.
 *
 * @since 0.1.0
 */
import { page } from "./layout.js"

const body = `<div id="flash" role="status"></div><div id="library"></div>`

const script = String.raw`
const $ = (s) => document.querySelector(s)
const flash = (text) => ($("#flash").textContent = text)
const params = new URLSearchParams(location.search)
const time = (s) => Math.floor(s / 60) + ":" + (s % 60).toFixed(1).padStart(4, "0")
const link = (href, text) => el("a", { href }, text)

async function videos() {
  const list = await api("/api/videos")
  const rows = list.map(({ video, clips }) => el("tr", { "data-video": String(video.id) },
    el("td", {}, link("/library?video=" + video.id, video.title)),
    el("td", {}, stateBadge(video.state)),
    el("td", {}, video.durationSeconds == null ? "" : time(video.durationSeconds)),
    el("td", {}, Object.entries(clips).map(([s, n]) => n + " " + s.replaceAll("_", " ")).join(", "))))
  $("#library").replaceChildren(el("h2", {}, "Library"),
    list.length ? el("div", { class: "scroll-x" }, el("table", { class: "data" }, el("thead", {}, el("tr", {}, el("th", {}, "video"), el("th", {}, "state"), el("th", {}, "length"), el("th", {}, "clips"))), el("tbody", {}, ...rows)))
      : el("p", { class: "muted" }, "No videos yet — ", link("/submit", "submit one"), "."))
}

const gone = ["merged", "split"]
async function video(id) {
  const { video, clips } = await api("/api/videos/" + id)
  const live = clips.filter((c) => !gone.includes(c.clip.state)).sort((a, b) => a.clip.startFrame - b.clip.startFrame)
  // The timeline: the live clips in order, each as wide as it is long (at least 48 px), cropped
  // to one height like a film strip; a mark with the time at every cut.
  const duration = Math.max(0.001, video.durationSeconds ?? live.reduce((m, c) => Math.max(m, c.clip.endTime), 0))
  const span = Math.max($("#library").clientWidth, live.length * 56)
  const strip = el("div", { class: "timeline", role: "list", "aria-label": "Timeline" }, ...live.map((c, i) => {
    const width = Math.max(48, Math.round((span * (c.clip.endTime - c.clip.startTime)) / duration) - 3)
    const cell = el("a", { href: "/library?clip=" + c.clip.id, role: "listitem", class: "segment" + (i > 0 ? " cut" : ""), title: "#" + c.clip.id + " · " + time(c.clip.startTime) + "–" + time(c.clip.endTime), style: "width:" + width + "px" })
    const box = el("div")
    cell.append(box)
    if (c.sprite) {
      const player = new SpritePlayer(box, c.sprite, { autoplay: false, width })
      box.style.marginTop = Math.min(0, (64 - player.tileH) / 2) + "px"
    }
    cell.dataset.cut = time(c.clip.startTime)
    return cell
  }))
  const states = [...new Set(clips.map((c) => c.clip.state))].sort()
  const filter = el("select", { id: "state-filter", "aria-label": "Filter by state" }, el("option", { value: "" }, "All states (" + clips.length + ")"), ...states.map((s) => el("option", { value: s }, s.replaceAll("_", " ") + " (" + clips.filter((c) => c.clip.state === s).length + ")")))
  const grid = el("div", { class: "grid", id: "clips" })
  const render = () => grid.replaceChildren(...clips.filter((c) => !filter.value || c.clip.state === filter.value).map((c) => {
    const { figure } = spriteThumb(c, 160, "#" + c.clip.id + " · " + time(c.clip.startTime) + "–" + time(c.clip.endTime), () => (location.href = "/library?clip=" + c.clip.id))
    figure.querySelector("figcaption").append(" ", stateBadge(c.clip.state))
    figure.dataset.clip = String(c.clip.id)
    return figure
  }))
  filter.addEventListener("change", render)
  render()
  $("#library").replaceChildren(el("p", {}, link("/library", "← Library")), el("h2", {}, video.title), el("div", { class: "row" }, stateBadge(video.state), el("span", { class: "muted" }, (video.width ?? "?") + "×" + (video.height ?? "?") + " · " + (video.fps ?? "?") + " fps · " + time(duration))),
    el("h3", {}, "Timeline"), el("div", { class: "scroll-x" }, strip), el("h3", {}, "Clips"), el("div", { class: "row" }, filter), grid)
}

function lineage(item, siblings) {
  const meta = item.clip.processingMetadata
  const out = []
  const clipLink = (id) => link("/library?clip=" + id, "#" + id)
  if (Array.isArray(meta.merged_from_clips)) out.push(el("li", {}, "Merged from ", ...meta.merged_from_clips.flatMap((id, i) => (i ? [" + ", clipLink(id)] : [clipLink(id)]))))
  if (meta.original_clip_id) out.push(el("li", {}, "Split from ", clipLink(meta.original_clip_id)))
  if (Array.isArray(meta.split_into_clips)) out.push(el("li", {}, "Split into ", ...meta.split_into_clips.flatMap((id, i) => (i ? [", ", clipLink(id)] : [clipLink(id)]))))
  const mergedInto = siblings.find((s) => (s.clip.processingMetadata.merged_from_clips ?? []).includes(item.clip.id))
  if (mergedInto) out.push(el("li", {}, "Merged into ", clipLink(mergedInto.clip.id)))
  if (item.clip.groupedWithClipId) out.push(el("li", {}, "Grouped with ", clipLink(item.clip.groupedWithClipId)))
  return out
}

async function clip(id) {
  const item = await api("/api/clips/" + id)
  const [history, detail] = await Promise.all([api("/api/clips/" + id + "/history"), api("/api/videos/" + item.video.id)])
  const box = el("div", { id: "clip-player" })
  const rows = history.map((e) => el("tr", { class: e.cancelledAt ? "cancelled" : "" },
    el("td", {}, new Date(e.createdAt).toLocaleString()), el("td", {}, e.action.replace("selected_", "")),
    el("td", {}, Object.entries(e.details).map(([k, v]) => k + ": " + JSON.stringify(v)).join(", ")),
    el("td", {}, e.cancelledAt ? "undone" : e.processedAt ? "committed" : "")))
  const download = el("button", { id: "export" }, "Download MP4")
  download.addEventListener("click", async () => {
    download.disabled = true
    flash("Rendering the clip…")
    try {
      const { url } = await api("/api/clips/" + id + "/export", undefined, "POST")
      flash("")
      $("#flash").replaceChildren(el("a", { href: url, download: "clip-" + id + ".mp4", id: "download-link" }, "clip-" + id + ".mp4"), " is ready.")
    } catch (error) {
      flash("Error: " + error.message)
    }
    download.disabled = false
  })
  const facts = lineage(item, detail.clips)
  $("#library").replaceChildren(el("p", {}, link("/library?video=" + item.video.id, "← " + item.video.title)),
    el("h2", {}, "Clip " + item.clip.id), el("div", { class: "row" }, stateBadge(item.clip.state), el("span", { class: "muted" }, time(item.clip.startTime) + "–" + time(item.clip.endTime) + " · frames " + item.clip.startFrame + "–" + item.clip.endFrame)),
    box, el("div", { class: "row" }, download, el("a", { href: "/search?clip=" + id, id: "similar" }, "Find similar")),
    el("h3", {}, "Lineage"), facts.length ? el("ul", { id: "lineage" }, ...facts) : el("p", { class: "muted", id: "lineage" }, "An original clip from scene detection."),
    el("h3", {}, "Review history"), history.length ? el("div", { class: "scroll-x" }, el("table", { class: "data", id: "history" }, el("thead", {}, el("tr", {}, el("th", {}, "when"), el("th", {}, "action"), el("th", {}, "details"), el("th", {}, ""))), el("tbody", {}, ...rows))) : el("p", { class: "muted", id: "history" }, "Not reviewed yet."))
  if (item.sprite) new SpritePlayer(box, item.sprite, { fixedSpeed: 1 })
  else box.append(el("p", { class: "muted" }, "No sprite sheet."))
}

const run = params.get("clip") ? clip(params.get("clip")) : params.get("video") ? video(params.get("video")) : videos()
run.catch((error) => flash("Error: " + error.message))
badge()
`

/** @since 0.1.0 */
export const libraryPage = page("Library", body, script)
