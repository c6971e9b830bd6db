/**
 * The submit page: a URL (or a path on the server's disk) or a file upload, sent as multipart with
 * a progress bar. The server enforces the upload limit; its answer is shown as it comes.
 *
 * @since 0.1.0
 */
import { page } from "./layout.js"

const body = `
<h2>Submit a video</h2>
<form id="url-form" class="row"><label for="source">URL</label><input id="source" name="source" type="url" placeholder="https://…" required style="flex:1 1 260px">
<button type="submit">Submit URL</button></form>
<form id="file-form" class="row"><label for="file">File</label><input id="file" name="file" type="file" accept="video/*" required>
<button type="submit">Upload</button><progress id="progress" max="1" value="0" hidden aria-label="Upload progress"></progress></form>
<div id="flash" role="status"></div>
<p class="muted">Ingest starts at once; follow it on the <a href="/status">status page</a>.</p>`

const script = String.raw`
const $ = (s) => document.querySelector(s)
const flash = (text) => ($("#flash").textContent = text)
const done = (video) => {
  flash("")
  $("#flash").replaceChildren("Submitted as video " + video.id + " (" + video.title + "). ", el("a", { href: "/status" }, "Follow it on the status page"))
}

$("#url-form").addEventListener("submit", async (e) => {
  e.preventDefault()
  try {
    done(await api("/api/videos", { source: $("#source").value.trim() }))
  } catch (error) {
    flash("Error: " + error.message)
  }
})

// XMLHttpRequest, not fetch: only it reports upload progress.
function upload(file, token) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    const form = new FormData()
    form.append("file", file, file.name)
    request.open("POST", "/api/videos/upload")
    if (token) request.setRequestHeader("authorization", "Bearer " + token)
    request.upload.onprogress = (e) => e.lengthComputable && ($("#progress").value = e.loaded / e.total)
    request.onload = () => {
      let data = null
      try { data = JSON.parse(request.responseText) } catch {}
      if (request.status === 201) return resolve(data)
      reject(Object.assign(new Error(data?.message ?? "the server answered " + request.status), { status: request.status }))
    }
    request.onerror = () => reject(new Error("the upload was interrupted"))
    request.send(form)
  })
}

$("#file-form").addEventListener("submit", async (e) => {
  e.preventDefault()
  const file = $("#file").files[0]
  if (!file) return
  $("#progress").hidden = false
  $("#progress").value = 0
  flash("Uploading " + file.name + "…")
  try {
    let token = localStorage.getItem("heatersToken")
    const video = await upload(file, token).catch(async (error) => {
      if (error.status !== 401) throw error
      token = prompt("This server needs its access token (HEATERS_TOKEN):")
      if (!token) throw error
      localStorage.setItem("heatersToken", token.trim())
      return upload(file, token.trim())
    })
    $("#progress").value = 1
    done(video)
  } catch (error) {
    flash("Error: " + error.message)
  }
})
badge()
`

/** @since 0.1.0 */
export const submitPage = page("Submit", body, script)
