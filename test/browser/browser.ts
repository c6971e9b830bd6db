/**
 * Debian's Chromium driven by playwright-core, started the way this machine allows: headless, no
 * sandbox (root), and no background networking (the network is closed).
 */
import { chromium, type Browser } from "playwright-core"

export const chromiumPath = process.env["HEATERS_CHROMIUM"] ?? "/usr/bin/chromium"

export const launch = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
  })
