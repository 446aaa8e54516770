import { describe, expect, it } from "vitest";
import { deviceHint } from "./device-hint.server";

describe("the device hint shown for a session", () => {
  it.each([
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      "Microsoft Edge on Windows 10",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "Safari on iOS (mobile)",
    ],
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36", "Chrome on Linux"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on macOS Catalina"],
  ])("names the browser and system of %s", (userAgent, hint) => {
    expect(deviceHint(userAgent)).toBe(hint);
  });

  it("says so when the browser sent nothing it recognises, never failing", () => {
    expect(deviceHint(null)).toBe("Unknown browser");
    expect(deviceHint("   ")).toBe("Unknown browser");
    expect(deviceHint("curl/8.5.0")).toBe("Unknown browser");
  });
});
