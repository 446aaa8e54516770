// NIST SP 800-63B: a password on the list of passwords known to attackers is refused wherever a person chooses one
// (the set-up link's page and their own password change), with the message next to the field and nothing written.
import { describe, expect, it } from "vitest";
import { setDatabase } from "~/db.server";
import { action as profileAction } from "~/routes/profile";
import { action as setUpAction } from "~/routes/set-up.$token";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { describeEachDatabase } from "../support/database";
import { makePerson } from "../support/factories";
import { postForm, sessionCookie } from "../support/requests";
import { issueSetupLink, usableSetupLink } from "~/auth/account-setup.server";
import { isKnownPassword, KNOWN_PASSWORD_MESSAGE } from "~/auth/known-passwords.server";

// Each is on the list as written in lower case (SecLists' common-credentials lists).
const KNOWN = ["password1234", "qwertyuiop123", "1qaz2wsx3edc", "iloveyou1234"];
const CURRENT = "the first fictional passphrase";

describe("the list of passwords known to attackers", () => {
  it("holds common passwords whatever their case and surrounding spaces", () => {
    for (const password of KNOWN) {
      expect(isKnownPassword(password), password).toBe(true);
      expect(isKnownPassword(password.toUpperCase()), password).toBe(true);
      expect(isKnownPassword(`  ${password}\t`), password).toBe(true);
    }
  });

  it("lets through passwords that are not on it", () => {
    expect(isKnownPassword("a fictional passphrase about kelmoor")).toBe(false);
    expect(isKnownPassword("Demo-Portal-2026!")).toBe(false);
    // A listed password inside a longer one is another password.
    expect(isKnownPassword("password1234 and more")).toBe(false);
  });
});

type Reply = { status?: string; error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> };

function expectRefusedAtPasswordField(reply: Reply | undefined) {
  expect(reply?.error?.password).toEqual([KNOWN_PASSWORD_MESSAGE]);
  // What was typed is kept except the passwords themselves.
  expect(JSON.stringify(reply?.initialValue ?? {})).not.toMatch(/password1234|PASSWORD1234/i);
}

describeEachDatabase("a password known to attackers is refused wherever one is chosen", (use) => {
  it("on My details: the password stays as it was and no session ends", async () => {
    const database = use();
    const { prisma } = database;
    setDatabase(database);
    const person = await makePerson(prisma);
    await prisma.credential.create({ data: { personId: person.id, passwordHash: await hashPassword(CURRENT) } });
    const cookie = await sessionCookie(prisma, person.id);
    await sessionCookie(prisma, person.id);

    const refused = await postForm(profileAction, "/profile", cookie, {
      intent: "password",
      currentPassword: CURRENT,
      password: " PASSWORD1234 ",
      confirmPassword: " PASSWORD1234 ",
    });
    expect(refused.status).toBe(200);
    expectRefusedAtPasswordField((refused.data as { passwordReply?: Reply }).passwordReply);
    const credential = await prisma.credential.findUniqueOrThrow({ where: { personId: person.id } });
    expect(await verifyPassword(credential.passwordHash, CURRENT)).toBe(true);
    expect(await prisma.session.count({ where: { personId: person.id } })).toBe(2);

    const next = "a second fictional passphrase about kelmoor";
    const changed = await postForm(profileAction, "/profile", cookie, { intent: "password", currentPassword: CURRENT, password: next, confirmPassword: next });
    expect(changed.data).toEqual({ passwordChanged: true, otherSessionsEnded: 1 });
  });

  it("on the set-up link's page: no password is written and the link still works", async () => {
    const database = use();
    const { prisma } = database;
    setDatabase(database);
    const person = await makePerson(prisma);
    await prisma.$transaction((tx) => issueSetupLink(tx, person.id, person.id));
    const mail = await prisma.outboxMessage.findFirstOrThrow({ where: { template: "account-setup", toAddress: person.workEmail } });
    const token = /\/set-up\/([a-z2-7]{32})/.exec(mail.text)?.[1] ?? "";
    const path = `/set-up/${token}`;

    for (const password of KNOWN) {
      const refused = await postForm(setUpAction, path, "", { password, confirmPassword: password }, { token });
      expect(refused.status).toBe(200);
      expectRefusedAtPasswordField((refused.data as { reply?: Reply }).reply);
    }
    expect(await prisma.credential.count({ where: { personId: person.id } })).toBe(0);
    expect(await usableSetupLink(token, prisma)).toEqual({ workEmail: person.workEmail });

    const chosen = "a fictional passphrase about kelmoor";
    expect(await postForm(setUpAction, path, "", { password: chosen, confirmPassword: chosen }, { token })).toMatchObject({
      status: 302,
      location: "/sign-in?setUp=1",
    });
    expect(await prisma.credential.count({ where: { personId: person.id } })).toBe(1);
  });
});
