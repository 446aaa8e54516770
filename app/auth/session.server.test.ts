import { expect, it } from "vitest";
import { describeEachDatabase } from "../../tests/support/database";
import { createSession, invalidateSession, validateSessionToken } from "./session.server";

const policy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };
const minutes = (n: number) => n * 60_000;

describeEachDatabase("database sessions", (use) => {
  let personId = "";

  async function person() {
    if (personId) return personId;
    const { prisma } = use();
    const force = await prisma.force.create({ data: { name: "Session Test Force (fictional)", shortName: "STF", isHome: true } });
    const created = await prisma.person.create({
      data: { forceId: force.id, firstName: "Sam", lastName: "Fictional", workEmail: "sam.fictional@session-test.invalid", employeeType: "STAFF", level: 1 },
    });
    personId = created.id;
    return personId;
  }

  it("stores only a hash of the secret, never the token", async () => {
    const { prisma } = use();
    const { token, session } = await createSession(prisma, await person(), policy, {});
    const row = await prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    const secret = token.split(".")[1]!;
    expect(Buffer.from(row.secretHash).toString("utf8")).not.toContain(secret);
    expect(row.secretHash.length).toBe(32);
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it("accepts the right token and refuses a forged secret, a malformed token and an unknown id", async () => {
    const { prisma } = use();
    const { token } = await createSession(prisma, await person(), policy, {});
    expect((await validateSessionToken(prisma, token, policy)).valid).toBe(true);
    const [id] = token.split(".");
    expect(await validateSessionToken(prisma, `${id}.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`, policy)).toEqual({ valid: false, reason: "mismatch" });
    expect(await validateSessionToken(prisma, "garbage", policy)).toEqual({ valid: false, reason: "malformed" });
    expect(await validateSessionToken(prisma, "a.b.c", policy)).toEqual({ valid: false, reason: "malformed" });
    expect(await validateSessionToken(prisma, "unknownid.secret", policy)).toEqual({ valid: false, reason: "unknown" });
  });

  it("ends a session left idle for longer than the idle limit", async () => {
    const { prisma } = use();
    const start = new Date("2026-01-10T09:00:00Z");
    const { token } = await createSession(prisma, await person(), policy, {}, start);
    const check = await validateSessionToken(prisma, token, policy, new Date(start.getTime() + minutes(31)));
    expect(check).toEqual({ valid: false, reason: "idle-expired" });
    // And it is gone: a later use is unknown, not revived.
    expect((await validateSessionToken(prisma, token, policy, new Date(start.getTime() + minutes(1)))).valid).toBe(false);
  });

  it("renews the idle limit on use, but never past the absolute limit", async () => {
    const { prisma } = use();
    const start = new Date("2026-01-10T09:00:00Z");
    const { token } = await createSession(prisma, await person(), policy, {}, start);
    let now = start.getTime();
    // Used every 20 minutes, the session survives well past 30 minutes...
    for (let i = 0; i < 30; i++) {
      now += minutes(20);
      const check = await validateSessionToken(prisma, token, policy, new Date(now));
      expect(check.valid, `use ${i} at +${(now - start.getTime()) / 60_000} min`).toBe(true);
      if (now - start.getTime() >= policy.absoluteMs - minutes(20)) break;
    }
    // ...but not past 12 hours, however busy.
    const check = await validateSessionToken(prisma, token, policy, new Date(start.getTime() + policy.absoluteMs + 1));
    expect(check).toEqual({ valid: false, reason: "absolute-expired" });
  });

  it("is refused once invalidated (sign-out ends it on the server)", async () => {
    const { prisma } = use();
    const { token, session } = await createSession(prisma, await person(), policy, {});
    await invalidateSession(prisma, session.id);
    expect((await validateSessionToken(prisma, token, policy)).valid).toBe(false);
  });

  it("is refused for a person who has been deactivated", async () => {
    const { prisma } = use();
    const id = await person();
    const { token } = await createSession(prisma, id, policy, {});
    await prisma.person.update({ where: { id }, data: { active: false } });
    expect((await validateSessionToken(prisma, token, policy)).valid).toBe(false);
    await prisma.person.update({ where: { id }, data: { active: true } });
  });
});
