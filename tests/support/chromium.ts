// The browser the end-to-end suite (and the demo build's accessibility test) drives: Debian's Chromium where it is
// installed (CI and these machines: Playwright cannot download browsers here); Playwright's own on an ordinary laptop.
import { existsSync } from "node:fs";
import type { LaunchOptions } from "@playwright/test";

const systemChromium = "/usr/bin/chromium";

export const chromiumLaunchOptions: LaunchOptions = existsSync(systemChromium)
  ? {
      executablePath: systemChromium,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    }
  : {};
