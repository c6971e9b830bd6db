/**
 * The sprite player shared by the pages, as browser JavaScript (how it maps frames to tiles is in
 * `docs/server.md`). The viewer is one tile; the cursor runs over the clip's *source* frames
 * 1 … total − 1 and maps to a tile with `floor(frame / (total − 1) × (tiles − 1))`. The tile is
 * drawn at the width it is given, or as wide as its container allows (never wider than the tile),
 * with the sheet scaled to match — so a phone sees the whole frame, not its left part.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export const playerScript = String.raw`
const speeds = [1, 1.5, 2]
function savedSpeed() {
  const s = Number(localStorage.getItem("spritePlayerSpeed"))
  return speeds.includes(s) ? s : 1
}

class SpritePlayer {
  constructor(root, sprite, options = {}) {
    this.root = root
    this.meta = sprite.meta
    this.total = Math.max(2, sprite.meta.clip_total_frames_source)
    this.frame = 1
    this.speed = options.fixedSpeed ?? savedSpeed()
    this.timer = null
    this.onFrame = options.onFrame ?? (() => {})
    this.onPlayState = options.onPlayState ?? (() => {})
    this.fixedWidth = options.width ?? null
    root.classList.add("sprite")
    root.style.backgroundImage = "url(" + JSON.stringify(sprite.url) + ")"
    this.layout()
    if (this.fixedWidth === null && root.parentElement && typeof ResizeObserver === "function") {
      this.observer = new ResizeObserver(() => this.layout())
      this.observer.observe(root.parentElement)
    }
    // Autoplay once the sheet has loaded — unless the user paused (or entered split mode) first.
    this.autoplay = options.autoplay !== false
    if (this.autoplay) {
      const image = new Image()
      image.onload = () => this.autoplay && this.play()
      image.src = sprite.url
    }
  }
  layout() {
    const m = this.meta
    const room = this.root.parentElement ? this.root.parentElement.clientWidth : 0
    const width = this.fixedWidth ?? (room > 0 ? Math.min(m.tile_width, room) : m.tile_width)
    this.scale = width / m.tile_width
    this.tileW = m.tile_width * this.scale
    this.tileH = m.tile_height_calculated * this.scale
    this.root.style.width = this.tileW + "px"
    this.root.style.height = this.tileH + "px"
    this.root.style.backgroundSize = m.cols * this.tileW + "px " + m.rows * this.tileH + "px"
    this.render()
  }
  tileOf(frame) {
    const tiles = this.meta.total_sprite_frames
    return Math.min(tiles - 1, Math.floor((frame / (this.total - 1)) * (tiles - 1)))
  }
  render() {
    const m = this.meta
    const index = this.tileOf(this.frame)
    const col = index % m.cols
    const row = Math.floor(index / m.cols)
    this.root.style.backgroundPosition = -col * this.tileW + "px " + -row * this.tileH + "px"
    this.root.dataset.frame = String(this.frame)
    this.root.dataset.tile = String(index)
    this.onFrame(this.frame)
  }
  seek(frame) {
    this.frame = Math.min(this.total - 1, Math.max(1, Math.round(frame)))
    this.render()
  }
  step(delta) {
    this.seek(this.frame + delta)
  }
  get playing() {
    return this.timer !== null
  }
  play() {
    if (this.timer !== null) return
    // The cursor counts source frames, so real time is clip_fps_source frames per second.
    const interval = 1000 / (this.meta.clip_fps_source * this.speed)
    this.timer = setInterval(() => {
      this.frame = this.frame >= this.total - 1 ? 1 : this.frame + 1
      this.render()
    }, interval)
    this.onPlayState(true)
  }
  pause() {
    // Also cancels a pending autoplay, so the label must change even if no frame has played yet.
    const was = this.timer !== null || this.autoplay
    this.autoplay = false
    clearInterval(this.timer)
    this.timer = null
    if (was) this.onPlayState(false)
  }
  toggle() {
    // Before the sheet has loaded, the player is "about to play": toggling then means pause.
    this.playing || this.autoplay ? this.pause() : this.play()
  }
  cycleSpeed() {
    this.speed = speeds[(speeds.indexOf(this.speed) + 1) % speeds.length]
    localStorage.setItem("spritePlayerSpeed", String(this.speed))
    if (this.playing) {
      clearInterval(this.timer)
      this.timer = null
      this.play()
    }
    return this.speed
  }
  reset() {
    this.pause()
    this.seek(1)
  }
  destroy() {
    this.pause()
    this.observer?.disconnect()
  }
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v)
    else node.setAttribute(k, v)
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)))
  return node
}

// Makes a non-button element reachable and usable from the keyboard: Tab focuses it, Enter or
// Space activates it (and the page's own hotkeys do not see that key press).
function pressable(node, label, onActivate) {
  node.setAttribute("tabindex", "0")
  node.setAttribute("role", "button")
  node.setAttribute("aria-label", label)
  node.addEventListener("click", onActivate)
  node.addEventListener("keydown", (e) => {
    if (e.key !== "Enter" && e.key !== " ") return
    if (e.shiftKey || e.ctrlKey || e.metaKey || e.altKey) return
    e.preventDefault()
    e.stopPropagation()
    onActivate(e)
  })
  return node
}

// A small sprite thumbnail that plays on hover or focus and resets when left.
function spriteThumb(item, width, label, onActivate) {
  const box = el("div")
  const holder = el("div", { class: "thumb-box", style: "width:" + width + "px" }, box)
  const player = item.sprite ? new SpritePlayer(box, item.sprite, { autoplay: false, fixedSpeed: 1, width }) : null
  const figure = el("figure", { class: "thumb" }, holder, el("figcaption", {}, label))
  if (!player) holder.style.height = Math.round(width * 9 / 16) + "px"
  for (const [on, off] of [["mouseenter", "mouseleave"], ["focus", "blur"]]) {
    figure.addEventListener(on, () => player?.play())
    figure.addEventListener(off, () => player?.reset())
  }
  return { figure: onActivate ? pressable(figure, label, onActivate) : figure, player }
}

// Calls the JSON API. A failure carries the server's message when it sent one, and a plain
// description otherwise (an HTML error page, a proxy's answer, a dropped connection). A server
// with a token answers 401 to changes: ask for the token once, keep it, and try again.
async function api(path, body, method, retried) {
  const token = localStorage.getItem("heatersToken")
  const headers = { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token ? { authorization: "Bearer " + token } : {}) }
  const post = body !== undefined || method !== undefined
  let response
  try {
    response = await fetch(path, post ? { method: method ?? "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) } : { headers })
  } catch (cause) {
    throw Object.assign(new Error("the server cannot be reached (" + cause.message + ")"), { status: 0 })
  }
  if (response.status === 401 && !retried) {
    const given = prompt("This server needs its access token (HEATERS_TOKEN):")
    if (given) {
      localStorage.setItem("heatersToken", given.trim())
      return api(path, body, method, true)
    }
  }
  const isJson = (response.headers.get("content-type") ?? "").includes("json")
  const data = isJson ? await response.json().catch(() => null) : null
  if (!response.ok) {
    const message = data?.message ?? "the server answered " + response.status + " " + (response.statusText || "") + (response.status >= 500 ? " — see the server log" : "")
    throw Object.assign(new Error(message.trim()), { status: response.status, tag: data?.error ?? data?._tag })
  }
  if (!isJson) throw Object.assign(new Error("the server answered " + response.status + " without JSON"), { status: response.status })
  return data
}

// The review badge in the navigation, for pages other than the review page.
async function badge() {
  try {
    const { pending } = await api("/api/review/next?limit=1")
    document.querySelector("#pending").textContent = String(pending)
  } catch (error) {}
}

// A state as a small coloured label.
function stateBadge(state) {
  const kind = state.endsWith("_failed") ? "failed" : ["embedded", "spliced", "keyframed", "review_approved"].includes(state) ? "done" : state.startsWith("review_") || state === "pending_review" ? "review" : "busy"
  return el("span", { class: "state " + kind, "data-state": state }, state.replaceAll("_", " "))
}
`
