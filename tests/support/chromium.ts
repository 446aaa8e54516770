// The browser the end-to-end suite (and the demo build's accessibility test) drives. Playwright cannot download
// browsers here, so Debian's build is used where it is installed (CI and these machines), and Playwright's own on an
// ordinary laptop.
//
// Debian's `chromium-headless-shell` comes first: it is the old headless mode Playwright itself runs for headless
// tests. The full `chromium` in its new headless mode sometimes stops producing animation frames, and then every
// click waits for ever in Playwright's "stable" check (CI stop 21: a click hung 55 s with the button on screen).
import { existsSync } from "node:fs";
import type { LaunchOptions } from "@playwright/test";

const headlessShell = "/usr/bin/chromium-headless-shell";
const systemChromium = "/usr/bin/chromium";

const quietFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function systemBrowser(): LaunchOptions {
  if (existsSync(headlessShell)) return { executablePath: headlessShell, args: quietFlags };
  if (existsSync(systemChromium)) return { executablePath: systemChromium, args: ["--headless", ...quietFlags] };
  return {};
}

export const chromiumLaunchOptions: LaunchOptions = systemBrowser();
