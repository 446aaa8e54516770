import { expect, test } from "@playwright/test";
import { blockingAxeViolations } from "../support/axe";
import { E2E } from "./support/constants";
import { expectAccessible, expectSafeShell, expectSentToQuickExit, mailTo, persona, signIn, signOut } from "./support/fixtures";

test.describe("sign-in and navigation by role", () => {
  test("a constable sees only their own places, and is refused the administration and audit pages", async ({ page }) => {
    await signIn(page, persona.constable);
    await expectSafeShell(page);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText([
      "Home",
      "My details",
      "Where you’re signed in",
      "Support",
      "Conversations",
      "Your log",
      "Records",
      "Notices",
    ]);
    for (const path of ["/admin", "/admin/people", "/audit", "/admin/security", "/admin/mail"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    }
    await signOut(page);
  });

  test("a line manager also sees their team", async ({ page }) => {
    await signIn(page, persona.lineManager);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText([
      "Home",
      "My details",
      "Where you’re signed in",
      "Support",
      "My team",
      "Conversation guide",
      "Conversations",
      "Your log",
      "Records",
      "Notices",
    ]);
    await page.getByRole("link", { name: "My team" }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByText("Alys")).toBeVisible();
    await signOut(page);
  });

  test("a professional standards officer sees the audit trail but not administration", async ({ page }) => {
    await signIn(page, persona.psdOfficer);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Audit trail" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Administration" })).toHaveCount(0);
    expect((await page.goto("/admin"))?.status()).toBe(403);
    await signOut(page);
  });

  test("an administrator sees administration and the audit trail", async ({ page }) => {
    await signIn(page, persona.administrator);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Administration" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Audit trail" })).toBeVisible();
    await signOut(page);
  });

  test("signed-out visitors are sent to sign in, and sign-out ends the session on the server", async ({ page, context }) => {
    await page.goto("/profile");
    await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fprofile/);
    await signIn(page, persona.constable);
    // A __Host- cookie: Secure, for this host alone (no Domain) and the whole site, so no subdomain can plant one.
    const cookie = (await context.cookies()).find((c) => c.name === "__Host-portal_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.secure).toBe(true);
    expect(cookie?.path).toBe("/");
    expect(cookie?.sameSite).toBe("Lax");
    await signOut(page);
    // Replaying the old cookie after sign-out gets nothing: the session is gone from the database.
    await context.addCookies([{ ...cookie!, value: cookie!.value }]);
    await page.goto("/profile");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("bad input is explained next to the field and what was typed is kept", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Work email address").fill("not-an-email");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("There is a problem");
    // The summary takes the focus, so a screen reader reads the problems first.
    await expect(page.getByRole("alert")).toBeFocused();
    await expect(page.locator("#email-error")).toContainText("correct format");
    await expect(page.locator("#password-error")).toContainText("Enter your password");
    await expect(page.getByLabel("Work email address")).toHaveValue("not-an-email");
  });

  test("an unknown account and a wrong password get the same message", async ({ page }) => {
    const messages: string[] = [];
    for (const email of ["nobody.here@northshire.police.invalid", persona.psdOfficer]) {
      await page.goto("/sign-in");
      await page.getByLabel("Work email address").fill(email);
      await page.getByLabel("Password").fill("wrong-password-123");
      await page.getByRole("button", { name: "Sign in" }).click();
      messages.push(await page.getByRole("alert").innerText());
      // The email typed is kept; the password never is, not even in the box the page's scripts kept.
      await expect(page.getByLabel("Work email address")).toHaveValue(email);
      await expect(page.getByLabel("Password")).toHaveValue("");
    }
    expect(messages[0]).toBe(messages[1]);
  });
});

test.describe("lockout", () => {
  test("repeated failures lock the account, tell its owner by mail, and an administrator can see and lift it", async ({ page }) => {
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.goto("/sign-in");
      await page.getByLabel("Work email address").fill(persona.lockoutTarget);
      await page.getByLabel("Password").fill(`wrong-${attempt}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("alert")).toContainText("did not work");
    }
    // Now even the right password is refused, with the same message.
    await page.getByLabel("Password").fill(E2E.demoPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("did not work");

    await expect.poll(async () => (await mailTo(persona.lockoutTarget)).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const [mail] = await mailTo(persona.lockoutTarget);
    expect(mail!.subject).toMatch(/Staff Support Portal/);
    expect(`${mail!.subject} ${mail!.text}`).not.toMatch(/abuse|victim|suspect|case/i);

    await signIn(page, persona.administrator);
    await page.goto("/admin/security");
    const row = page.getByRole("row").filter({ hasText: "jordan.mistry-oake" }).first();
    await expect(row).toBeVisible();
    await row.getByRole("button", { name: /Unlock/ }).click();
    await expect(
      page
        .getByRole("row")
        .filter({ hasText: "jordan.mistry-oake" })
        .getByRole("button", { name: /Unlock/ }),
    ).toHaveCount(0);
    await signOut(page);

    await signIn(page, persona.lockoutTarget);
    await signOut(page);
  });
});

test.describe("quick exit", () => {
  test.beforeEach(async ({ page }) => {
    await page.route("https://www.bbc.co.uk/**", (route) =>
      route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Weather</title><h1>Weather forecast</h1>" }),
    );
  });

  test("the button replaces the page with a neutral site, ends the session, and Back does not return to the portal page", async ({ page }) => {
    await signIn(page, persona.constable);
    await page.goto("/profile");
    await page.getByRole("button", { name: "Quick exit" }).click();
    await expect(page).toHaveURL(E2E.quickExitUrl);
    await expect(page.getByRole("heading", { name: "Weather forecast" })).toBeVisible();
    await page.goBack();
    // The profile page was replaced; what Back reaches now asks for a sign-in, because the session ended.
    await expect(page.getByRole("heading", { name: "My details" })).toHaveCount(0);
    await page.goto("/profile");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("pressing Escape twice leaves at once", async ({ page }) => {
    await page.goto("/sign-in");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(E2E.quickExitUrl);
  });

  test("leaves even when the page's own scripts swallow the key presses and clicks", async ({ page }) => {
    // React stops the propagation of a key press or click that arrives while it is still hydrating, and a press at that
    // moment can stall hydration for good (React 18 error 345). Stand-in for that: a listener on the document that
    // stops every key press and click, as the framework's own does.
    await page.addInitScript(() => {
      for (const type of ["keydown", "click"]) document.addEventListener(type, (event) => event.stopPropagation(), true);
    });
    await page.goto("/sign-in");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(E2E.quickExitUrl);

    await signIn(page, persona.constable);
    await page.getByRole("button", { name: "Quick exit" }).click();
    await expect(page).toHaveURL(E2E.quickExitUrl);
    await page.goto("/profile");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("one Escape, or two more than a second apart, leaves the page where it is", async ({ page }) => {
    await page.goto("/sign-in");
    await page.keyboard.press("Escape");
    // Two presses count only within a second of each other (public/quick-exit.js).
    await page.waitForTimeout(1_200);
    await page.keyboard.press("Escape");
    await page.waitForTimeout(300);
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });

  test("a link to the quick exit from another site only leaves: it does not sign anyone out", async ({ page }) => {
    await signIn(page, persona.constable);
    await page.goto(`${E2E.attackerOrigin}/crafted-link?to=${encodeURIComponent("/quick-exit")}`);
    await expectSentToQuickExit(page, () => page.getByRole("link", { name: "Open the link" }).click());
    // A GET changes nothing: the session still holds.
    await page.goto("/profile");
    await expect(page.getByRole("heading", { level: 1, name: "My details" })).toBeVisible();
    // The same address typed in: no cookie cleared, no session ended.
    const typed = await page.request.get("/quick-exit", { maxRedirects: 0 });
    expect(typed.status()).toBe(302);
    expect(typed.headers()["location"]).toBe(E2E.quickExitUrl);
    expect(typed.headers()["set-cookie"]).toBeUndefined();
    await page.goto("/profile");
    await expect(page.getByRole("heading", { level: 1, name: "My details" })).toBeVisible();
    await signOut(page);
  });

  test("without JavaScript the quick exit button posts its form: it leaves and ends the session", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, persona.constable);
    const posted = page.waitForRequest((request) => new URL(request.url()).pathname === "/quick-exit");
    await expectSentToQuickExit(page, () => page.getByRole("button", { name: "Quick exit" }).click());
    expect((await posted).method()).toBe("POST");
    await page.goto("/profile");
    await expect(page).toHaveURL(/\/sign-in/);
    await context.close();
  });
});

test.describe("starting up", () => {
  test("key presses while a page is still starting do not stop its scripts", async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    // Someone who starts typing (or tabbing) at once: key presses from the first moment the page exists until well
    // after it has started. A press while React 18 waits for the router's data used to end hydration (error 345).
    await page.addInitScript(() => {
      const until = performance.now() + 1_500;
      const press = () => {
        document.body?.dispatchEvent(new KeyboardEvent("keydown", { key: "Tab", bubbles: true }));
        if (performance.now() < until) setTimeout(press, 1);
      };
      press();
    });
    await page.goto("/sign-in");
    await page.waitForTimeout(1_700);
    expect(errors).toEqual([]);
    const started = await page.evaluate(
      () => (window as { __reactRouterDataRouter?: { state: { initialized: boolean } } }).__reactRouterDataRouter?.state.initialized,
    );
    expect(started).toBe(true);
  });
});

test.describe("cross-site request forgery", () => {
  test("a form posted from another site is refused and changes nothing", async ({ page }) => {
    await signIn(page, persona.constable);
    await page.goto(`${E2E.attackerOrigin}/forged-form?action=/profile`);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().startsWith(E2E.baseUrl)), page.getByRole("button", { name: "Send" }).click()]);
    expect(response.status()).toBe(403);
    // Whoever lands on the refusal has the neutral title and the quick exit, as on every page.
    await expect(page.getByRole("heading", { level: 1, name: "Request refused" })).toBeVisible();
    await expectSafeShell(page);
    await expectAccessible(page);
    await page.goto("/profile");
    await expect(page.getByLabel("Preferred name (optional)")).not.toHaveValue("Forged");
    await signOut(page);
  });

  test("the refusal page's quick exit leaves with Escape twice", async ({ page }) => {
    await page.goto(`${E2E.attackerOrigin}/forged-form?action=/profile`);
    await page.getByRole("button", { name: "Send" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Request refused" })).toBeVisible();
    await expectSentToQuickExit(page, async () => {
      await page.keyboard.press("Escape");
      await page.keyboard.press("Escape");
    });
  });

  test("the same change from the portal's own page is accepted", async ({ page }) => {
    await signIn(page, persona.constable);
    await page.goto("/profile");
    await page.getByLabel("Pronouns (optional)").fill("she/her");
    await page.getByRole("button", { name: "Save my details" }).click();
    await expect(page.getByRole("status")).toContainText("saved");
    await expect(page.getByLabel("Pronouns (optional)")).toHaveValue("she/her");
    await signOut(page);
  });
});

test.describe("accessibility: an axe scan of every page", () => {
  test("pages before sign-in", async ({ page }) => {
    await page.goto("/sign-in");
    await expectSafeShell(page);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    await expectAccessible(page);
    await page.goto("/no-such-page");
    await expectSafeShell(page);
    await expectAccessible(page);
  });

  test("the scan itself fails a page that breaks the rules", async ({ page }) => {
    // A page of its own (the portal's pages pass): a field without a label, a button without a name, and text
    // outside every landmark (a moderate finding, which fails the scan too).
    await page.setContent(
      '<!doctype html><html lang="en"><title>Broken</title><p>Text outside every landmark.</p><main><h1>Broken</h1><input type="text" name="email"><button></button></main></html>',
    );
    const violations = await blockingAxeViolations(page);
    expect(violations.some((line) => line.startsWith("label:"))).toBe(true);
    expect(violations.some((line) => line.startsWith("button-name:"))).toBe(true);
    expect(violations.some((line) => line.startsWith("region:"))).toBe(true);
  });

  test("every page a constable, a manager and a PSD officer can reach", async ({ page }) => {
    for (const [who, paths] of [
      [persona.constable, ["/", "/profile", "/admin", "/notices", "/notices/new"]],
      [persona.lineManager, ["/team"]],
      [persona.psdOfficer, ["/audit"]],
    ] as const) {
      await signIn(page, who);
      for (const path of paths) {
        await page.goto(path);
        await expectSafeShell(page);
        await expectAccessible(page);
      }
      await signOut(page);
    }
  });

  test("every administration page", async ({ page }) => {
    test.setTimeout(120_000); // fifteen pages, each scanned, on a machine that may be slow
    await signIn(page, persona.administrator);
    for (const path of [
      "/admin",
      "/admin/people",
      "/admin/people/new",
      "/admin/units",
      "/admin/units/new",
      "/admin/forces",
      "/admin/forces/new",
      "/admin/security",
      "/admin/mail",
      "/audit",
    ]) {
      await page.goto(path);
      await expectSafeShell(page);
      await expectAccessible(page);
    }
    // A form showing its errors is a page too.
    await page.goto("/admin/people/new");
    await page.getByRole("button", { name: "Add the person" }).click();
    await expect(page.getByRole("alert")).toContainText("There is a problem");
    await expectAccessible(page);
    await page.goto("/admin/people");
    await page
      .getByRole("link", { name: /Penhallow/ })
      .first()
      .click();
    await expect(page.getByRole("heading", { level: 1, name: /Penhallow/ })).toBeVisible();
    await expectSafeShell(page);
    await expectAccessible(page);
    await page.goto("/admin/units");
    await page
      .getByRole("link", { name: /Ashbridge/ })
      .first()
      .click();
    await expect(page.getByRole("heading", { level: 1, name: /Ashbridge/ })).toBeVisible();
    await expectSafeShell(page);
    await expectAccessible(page);
    // The home force's contacts, with a mistyped mailbox refused next to its field and kept as typed.
    await page.goto("/admin/forces");
    await page.getByRole("link", { name: /Northshire/ }).click();
    await expect(page.getByLabel("Police and crime commissioner's mailbox")).toHaveValue("office@northshire-pcc.invalid");
    await page.getByLabel("Police and crime commissioner's mailbox").fill("not-an-address");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.locator("#pccContactEmail-error")).toContainText("Enter the police and crime commissioner's mailbox as an email address");
    await expect(page.getByLabel("Police and crime commissioner's mailbox")).toHaveValue("not-an-address");
    await expectAccessible(page);
    await signOut(page);
  });
});

test.describe("malformed and oversized requests", () => {
  test("get a clear 4xx page, never a 500", async ({ request }) => {
    const origin = { Origin: E2E.baseUrl };
    const huge = await request.post("/sign-in", { headers: origin, form: { email: "a@b.invalid", password: "x".repeat(2_000_000) } });
    expect(huge.status()).toBe(413);
    expect(await huge.text()).toContain("larger than the portal accepts");

    const notAForm = await request.post("/sign-in", { headers: { ...origin, "Content-Type": "multipart/form-data; boundary=nothing" }, data: "garbage" });
    expect(notAForm.status()).toBeGreaterThanOrEqual(400);
    expect(notAForm.status()).toBeLessThan(500);

    const wrongTypes = await request.post("/sign-in", { headers: origin, form: { email: "x".repeat(400), password: "" } });
    expect(wrongTypes.status()).toBe(200);
    expect(await wrongTypes.text()).toContain("254 characters or fewer");

    const badPath = await request.get("/%E0%A4%A");
    expect(badPath.status()).toBeGreaterThanOrEqual(400);
    expect(badPath.status()).toBeLessThan(500);
  });
});
