/**
 * The search page: filters, a random seed clip, the 12 most (or least) similar clips per page with
 * their similarity, and click-to-reseed (also with Enter: results are focusable). Thumbnails are
 * sprite players that play on hover or focus and reset when left.
 *
 * @since 0.1.0
 */
import { page } from "./layout.js"

const body = `
<div class="row"><select id="model" aria-label="Model"></select><select id="strategy" aria-label="Strategy"></select><select id="video" aria-label="Video"><option value="">All videos</option></select>
<button id="dice" title="Random seed">Random seed</button><button id="order">Most similar first</button></div>
<form class="row" id="text-form" hidden><input id="text" type="search" aria-label="Describe what you are looking for" placeholder="Describe a shot, e.g. a dog on a beach" maxlength="1000"><button type="submit">Search by text</button></form>
<div id="flash" role="status"></div>
<div><div id="seed"></div><div class="muted" id="seed-caption"></div></div>
<div class="row"><button id="prev">Prev</button><span id="page-label"></span><button id="next">Next</button></div>
<div class="grid" id="results"></div>`

const script = String.raw`
const $ = (s) => document.querySelector(s)
// A search is either "clips like the seed" or "clips matching the text" (when the model has a text encoder).
const state = { seed: null, text: null, page: 1, order: "nearest", players: [], seedPlayer: null }
const flash = (text) => ($("#flash").textContent = text)
const filters = () => {
  const q = new URLSearchParams({ model: $("#model").value, strategy: $("#strategy").value })
  if ($("#video").value) q.set("video", $("#video").value)
  return q
}
// Cosine distance runs from 0 to 2; "similar" below zero means "unrelated", shown as 0 %.
const percent = (pct) => Math.max(0, Math.min(100, Math.round(pct))) + "%"

function fill(select, values, selected) {
  select.replaceChildren(...values.map(([value, label]) => el("option", value === selected ? { value, selected: "" } : { value }, label)))
}

async function init() {
  const options = await api("/api/search/options")
  const models = options.models.length ? options.models : [options.defaults.model]
  const strategies = options.strategies.length ? options.strategies : [options.defaults.strategy]
  fill($("#model"), models.map((m) => [m, m]), options.defaults.model)
  fill($("#strategy"), strategies.map((s) => [s, s]), options.defaults.strategy)
  $("#video").append(...options.videos.map((v) => el("option", { value: String(v.id) }, v.title)))
  $("#text-form").hidden = !options.textSearch
  for (const id of ["#model", "#strategy", "#video"]) $(id).addEventListener("change", () => randomSeed())
  const { pending } = await api("/api/review/next?limit=1")
  $("#pending").textContent = String(pending)
  const wanted = Number(new URLSearchParams(location.search).get("clip"))
  if (wanted > 0) return setSeed(await api("/api/clips/" + wanted))
  await randomSeed()
}

async function randomSeed() {
  const seed = await api("/api/search/seed?" + filters())
  if (!seed) {
    state.seed = null
    $("#seed").replaceChildren()
    $("#results").replaceChildren()
    return flash("No embedded clips match these filters yet")
  }
  await setSeed(seed)
}

async function setSeed(item) {
  state.seed = item
  state.text = null
  state.page = 1
  flash("")
  state.seedPlayer?.destroy()
  const box = el("div", { id: "seed-player" })
  $("#seed").replaceChildren(box)
  state.seedPlayer = item.sprite ? new SpritePlayer(box, item.sprite, { fixedSpeed: 1 }) : null
  $("#seed-caption").textContent = "#" + item.clip.id + " — " + item.video.title + " (" + item.clip.startTime.toFixed(1) + "–" + item.clip.endTime.toFixed(1) + " s)"
  await loadResults()
}

async function loadResults() {
  state.players.forEach((p) => p.destroy())
  const q = filters()
  q.set("page", String(state.page))
  if (state.text === null) {
    q.set("clipId", String(state.seed.clip.id))
    q.set("order", state.order)
  } else q.set("query", state.text)
  const { items, pageSize } = await api((state.text === null ? "/api/search/similar?" : "/api/search/text?") + q)
  state.players = []
  $("#results").replaceChildren(...items.map((item) => {
    const { figure, player } = spriteThumb(item, 160, "#" + item.clip.id + " — " + percent(item.similarityPct), () => setSeed(item))
    if (player) state.players.push(player)
    figure.classList.add("result")
    figure.dataset.clip = String(item.clip.id)
    return figure
  }))
  $("#page-label").textContent = "Page " + state.page
  $("#prev").disabled = state.page === 1
  $("#next").disabled = items.length < pageSize
}

$("#dice").addEventListener("click", () => randomSeed())
$("#text-form").addEventListener("submit", (event) => {
  event.preventDefault()
  const text = $("#text").value.trim()
  if (!text) return
  state.text = text
  state.page = 1
  state.seedPlayer?.destroy()
  $("#seed").replaceChildren()
  $("#seed-caption").textContent = "Clips matching “" + text + "”"
  loadResults().catch((error) => flash("Error: " + error.message))
})
$("#order").addEventListener("click", () => {
  state.order = state.order === "nearest" ? "farthest" : "nearest"
  $("#order").textContent = state.order === "nearest" ? "Most similar first" : "Least similar first"
  state.page = 1
  if (state.seed && state.text === null) loadResults()
})
$("#prev").addEventListener("click", () => { state.page = Math.max(1, state.page - 1); loadResults() })
$("#next").addEventListener("click", () => { state.page++; loadResults() })
init().catch((error) => flash("Error: " + error.message))
`

/** @since 0.1.0 */
export const searchPage = page("Search", body, script)
