/**
 * The HTML frame of the demo pages: navigation, styles and the shared script. Layout rules are
 * written for both a desktop (1440×900) and a phone (390×844): nothing is wider than the screen.
 *
 * @since 0.1.0
 */
import { playerScript } from "./player.js"

const styles = `
* { box-sizing: border-box; }
[hidden] { display: none !important; }
@media (pointer: coarse) { .key { display: none; } }
body { font: 15px/1.4 system-ui, sans-serif; margin: 0; background: #111; color: #eee; overflow-x: hidden; }
nav { display: flex; flex-wrap: wrap; gap: .4em 1.4em; padding: .6em 1.2em; background: #222; align-items: center; }
nav a { color: #9cf; text-decoration: none; } nav a[aria-current] { color: #fff; font-weight: 600; }
nav .badge { background: #c33; border-radius: 1em; padding: 0 .5em; margin-left: .3em; }
main { padding: 1em 1.2em; max-width: 100%; }
h2 { margin: .3em 0; overflow-wrap: anywhere; }
a { color: #9cf; }
.head { display: flex; gap: .8em; align-items: center; flex-wrap: wrap; }
#viewer, #seed { max-width: 100%; }
.sprite { background-repeat: no-repeat; background-color: #000; cursor: pointer; }
.sprite:focus-visible, .thumb:focus-visible, button:focus-visible { outline: 3px solid #9cf; outline-offset: 2px; }
button { background: #333; color: #eee; border: 1px solid #555; padding: .45em .9em; border-radius: 4px; cursor: pointer; font-size: 14px; }
button.armed, button.active { background: #2a6; border-color: #4c8; }
button:disabled { opacity: .4; cursor: default; }
.row { display: flex; gap: .5em; flex-wrap: wrap; align-items: center; margin: .6em 0; }
#scrub { width: 320px; max-width: 100%; flex: 0 1 320px; }
#flash { min-height: 1.4em; color: #fc6; }
.hint { background: #234; border-left: 4px solid #6af; padding: .3em .6em; margin: .4em 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: .8em; }
.thumb { cursor: pointer; margin: 0; min-width: 0; } .thumb figcaption { font-size: 13px; color: #aaa; overflow-wrap: anywhere; }
.thumb-box { overflow: hidden; background: #000; }
.muted { color: #999; } .split-mode .sprite { outline: 3px solid #fc6; }
select, input { background: #222; color: #eee; border: 1px solid #555; padding: .35em; max-width: 100%; }
[role=dialog] { position: fixed; inset: 0; background: #000a; display: flex; align-items: center; justify-content: center; z-index: 10; }
[role=dialog][hidden] { display: none; }
.dialog { background: #222; padding: 1em 1.4em; border-radius: 6px; max-width: min(560px, 94vw); max-height: 90vh; overflow: auto; }
.dialog th { text-align: left; padding-right: 1em; white-space: nowrap; font-weight: 600; } .dialog td { color: #ccc; }
table.data { border-collapse: collapse; width: 100%; } table.data td, table.data th { border-bottom: 1px solid #333; padding: .35em .5em; text-align: left; }
.state { display: inline-block; border-radius: 3px; padding: 0 .4em; font-size: 12px; background: #444; }
.state.failed { background: #a33; } .state.done { background: #264; } .state.review { background: #535; } .state.busy { background: #246; }
progress { width: 100%; max-width: 320px; }
.scroll-x { overflow-x: auto; max-width: 100%; }
.timeline { display: flex; gap: 0; width: max-content; background: #000; }
.timeline .segment { position: relative; display: block; height: 64px; overflow: hidden; border-left: 3px solid transparent; flex: none; }
.timeline .segment.cut { border-left-color: #fc6; }
.timeline .segment.cut::before { content: attr(data-cut); position: absolute; top: 0; left: 0; font-size: 11px; background: #000b; color: #fc6; padding: 0 .2em; z-index: 1; }
tr.cancelled td { color: #777; text-decoration: line-through; }
.stage { display: flex; align-items: center; gap: .3em; white-space: nowrap; font-size: 13px; }
`

const links: ReadonlyArray<readonly [string, string]> = [
  ["/", "Review"],
  ["/library", "Library"],
  ["/search", "Search"],
  ["/status", "Status"],
  ["/submit", "Submit"],
  ["/docs", "API"]
]

const nav = (title: string) =>
  `<nav><strong>Heaters</strong>${links
    .map(([href, label]) => `<a href="${href}"${label === title ? ' aria-current="page"' : ""}>${label}${href === "/" ? '<span class="badge" id="pending">…</span>' : ""}</a>`)
    .join("")}</nav>`

/** A full page around `body` and its page script. @since 0.1.0 */
export const page = (title: string, body: string, script: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Heaters</title><style>${styles}</style></head>
<body>${nav(title)}
<main>${body}</main>
<script>${playerScript}
${script}</script></body></html>`
