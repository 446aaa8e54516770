import { createStaticHandler, RouterContextProvider, type LoaderFunctionArgs } from "react-router";
import { expect, it } from "vitest";
import { startSession } from "~/auth/sign-in.server";
import { setDatabase } from "~/db.server";
import { describeEachDatabase } from "../../tests/support/database";
import { testPeople } from "../../tests/support/people";
import { routerArgs } from "../../tests/support/router";
import { getRequestContext, requestContextMiddleware, requireUser, type RequestContext } from "./request-context.server";
import { sessionCookieName } from "~/auth/cookie.server";

describeEachDatabase("the request context", (use) => {
  async function signedInCookie(): Promise<{ cookie: string; personId: string }> {
    const database = use();
    setDatabase(database);
    const people = await testPeople(database.prisma, `Request Context Force ${Math.random().toString(36).slice(2, 8)}`);
    const personId = await people.add("asker");
    const token = await database.prisma.$transaction((tx) => startSession(tx, personId, "password", { ipAddress: "198.51.100.7", userAgent: "vitest" }));
    return { cookie: `${sessionCookieName()}=${token}`, personId };
  }

  it("is resolved once per HTTP request by the root middleware: every loader of the request gets the same person", async () => {
    const { cookie, personId } = await signedInCookie();
    const seen: (RequestContext | null)[] = [];
    const record = (args: LoaderFunctionArgs) => {
      seen.push(getRequestContext(args));
      return null;
    };
    const handler = createStaticHandler([
      { id: "root", path: "/", middleware: [requestContextMiddleware], loader: record, children: [{ id: "page", index: true, loader: record }] },
    ]);
    const query = (request: Request) =>
      handler.query(request, {
        requestContext: new RouterContextProvider(),
        generateMiddlewareResponse: async (run) => (await run(request), new Response(null)),
      });

    await query(new Request("http://localhost/", { headers: { cookie } }));
    expect(seen).toHaveLength(2);
    expect(seen[0]?.actor.id).toBe(personId);
    expect(seen[1]).toBe(seen[0]);

    await query(new Request("http://localhost/", { headers: { cookie } }));
    expect(seen).toHaveLength(4);
    expect(seen[2]?.actor.id).toBe(personId);
    expect(seen[2]).not.toBe(seen[0]);
  });

  it("is nobody for a request without a session cookie, or with a forged one", async () => {
    setDatabase(use());
    expect(getRequestContext(await routerArgs(new Request("http://localhost/")))).toBeNull();
    const forged = new Request("http://localhost/", { headers: { cookie: `${sessionCookieName()}=forged.secret` } });
    expect(getRequestContext(await routerArgs(forged))).toBeNull();
  });

  it("sends nobody to sign in, and refuses outright where the root middleware did not run", async () => {
    setDatabase(use());
    const thrown = await requireUser(await routerArgs(new Request("http://localhost/admin/people?page=2"))).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(302);
    expect((thrown as Response).headers.get("Location")).toBe(`/sign-in?${new URLSearchParams({ redirectTo: "/admin/people?page=2" })}`);
    expect(() => getRequestContext({ context: new RouterContextProvider() })).toThrow();
  });
});
