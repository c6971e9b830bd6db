/**
 * The HTML frame of the demo pages: navigation, styles and the shared script.
 *
 * @since 0.1.0
 */
import { playerScript } from "./player.js"

const styles = `
body { font: 15px/1.4 system-ui, sans-serif; margin: 0; background: #111; color: #eee; }
nav { display: flex; gap: 1.5em; padding: .6em 1.2em; background: #222; align-items: center; }
nav a { color: #9cf; text-decoration: none; } nav .badge { background: #c33; border-radius: 1em; padding: 0 .5em; margin-left: .3em; }
main { padding: 1em 1.2em; }
.sprite { background-repeat: no-repeat; background-color: #000; cursor: pointer; max-width: 100%; }
button { background: #333; color: #eee; border: 1px solid #555; padding: .45em .9em; border-radius: 4px; cursor: pointer; font-size: 14px; }
button.armed, button.active { background: #2a6; border-color: #4c8; }
button:disabled { opacity: .4; cursor: default; }
.row { display: flex; gap: .5em; flex-wrap: wrap; align-items: center; margin: .6em 0; }
#flash { min-height: 1.4em; color: #fc6; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: .8em; }
.grid .sprite { transform-origin: 0 0; max-width: none; }
.thumb { cursor: pointer; margin: 0; } .thumb figcaption { font-size: 13px; color: #aaa; }
.muted { color: #999; } .split-mode .sprite { outline: 3px solid #fc6; }
select, input { background: #222; color: #eee; border: 1px solid #555; padding: .35em; }
`

/** A full page around `body` and its page script. @since 0.1.0 */
export const page = (title: string, body: string, script: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Heaters</title><style>${styles}</style></head>
<body><nav><strong>Heaters</strong><a href="/">Review<span class="badge" id="pending">…</span></a><a href="/search">Search</a></nav>
<main>${body}</main>
<script>${playerScript}
${script}</script></body></html>`
