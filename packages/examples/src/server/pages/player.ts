/**
 * The sprite player shared by the review and search pages (DOMAIN.md §11), as browser JavaScript.
 * The viewer is one tile; the cursor runs over the clip's *source* frames 1 … total − 1 and maps
 * to a tile with `floor(frame / (total − 1) × (tiles − 1))`. Metadata comes from the artifact row
 * only — no client-side fallbacks that could disagree with the server.
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
    const m = this.meta
    root.classList.add("sprite")
    root.style.width = m.tile_width + "px"
    root.style.height = m.tile_height_calculated + "px"
    root.style.backgroundImage = "url(" + JSON.stringify(sprite.url) + ")"
    root.style.backgroundSize = m.cols * m.tile_width + "px " + m.rows * m.tile_height_calculated + "px"
    this.render()
    // Autoplay once the sheet has loaded — unless the user paused (or entered split mode) first.
    this.autoplay = options.autoplay !== false
    if (this.autoplay) {
      const image = new Image()
      image.onload = () => this.autoplay && this.play()
      image.src = sprite.url
    }
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
    this.root.style.backgroundPosition = -col * m.tile_width + "px " + -row * m.tile_height_calculated + "px"
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
  }
  pause() {
    this.autoplay = false
    clearInterval(this.timer)
    this.timer = null
  }
  toggle() {
    this.playing ? this.pause() : this.play()
  }
  cycleSpeed() {
    this.speed = speeds[(speeds.indexOf(this.speed) + 1) % speeds.length]
    localStorage.setItem("spritePlayerSpeed", String(this.speed))
    if (this.playing) {
      this.pause()
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

async function api(path, body) {
  const response = await fetch(path, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
  const data = await response.json()
  if (!response.ok) throw new Error(data.message || response.statusText)
  return data
}
`
