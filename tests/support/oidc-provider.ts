// A real OpenID Provider (panva's oidc-provider, certified) for the single sign-on tests, on loopback. Its sign-in page
// lists fictional accounts to choose from; what each one's ID token says (email, email_verified, amr, acr) is in
// TEST_ACCOUNTS. Tests may also alter the next token response (as a compromised or mixed-up provider would) and
// shorten the life of authorisation codes.
import { generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";

export interface TestAccount {
  email: string;
  emailVerified: boolean;
  amr: string[];
  acr?: string;
}

/** Everyone here is fictional; the portal's demo people have the same email addresses. */
export const TEST_ACCOUNTS: Record<string, TestAccount> = {
  // A constable with no second factor in the portal.
  "alys-pwd": { email: "Alys.Penhallow@northshire.police.invalid", emailVerified: true, amr: ["pwd"] },
  // A PSD officer who has a second factor in the demo data: with and without MFA at the provider.
  "callum-pwd": { email: "callum.ferrisby@northshire.police.invalid", emailVerified: true, amr: ["pwd"] },
  "callum-mfa": { email: "callum.ferrisby@northshire.police.invalid", emailVerified: true, amr: ["pwd", "mfa", "otp"] },
  // A PSD officer without a second factor in the portal (she must enrol unless the provider asserts MFA).
  "rowena-pwd": { email: "rowena.quickfield@northshire.police.invalid", emailVerified: true, amr: ["pwd"] },
  "rowena-mfa": { email: "rowena.quickfield@northshire.police.invalid", emailVerified: true, amr: ["pwd", "hwk"] },
  // A constable whose account the tests disable.
  "kieran-pwd": { email: "kieran.duxbury@northshire.police.invalid", emailVerified: true, amr: ["pwd"] },
  // Someone the portal does not know, and an email the provider has not verified.
  nobody: { email: "morgan.nobody@northshire.police.invalid", emailVerified: true, amr: ["pwd"] },
  unverified: { email: "jordan.mistry-oake@northshire.police.invalid", emailVerified: false, amr: ["pwd"] },
};

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface TestProvider {
  issuer: string;
  port: number;
  /** The next successful token response goes through `change` first (once). */
  tamperNextTokenResponse(change: (body: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>): void;
  /** How long new authorisation codes live, in seconds (60 unless changed). */
  setCodeLifetime(seconds: number): void;
  stop(): Promise<void>;
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => resolve(new URLSearchParams(body)));
    req.on("error", reject);
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string): string {
  const choices = Object.entries(TEST_ACCOUNTS)
    .map(([id, account], index) => {
      const label = `${account.email} (${account.emailVerified ? "verified" : "not verified"}; amr ${account.amr.join(" ")})`;
      return `<p><input type="radio" name="account" id="a-${id}" value="${id}"${index === 0 ? " checked" : ""}><label for="a-${id}">${id}: ${escapeHtml(label)}</label></p>`;
    })
    .join("");
  return `<!doctype html><html lang="en"><head><title>Test identity provider</title></head><body><main><h1>Test identity provider</h1>
<form method="post" action="/interaction/${escapeHtml(uid)}"><fieldset><legend>Sign in as</legend>${choices}</fieldset>
<button type="submit" name="decision" value="sign-in">Sign in at the provider</button>
<button type="submit" name="decision" value="cancel">Cancel</button></form></main></body></html>`;
}

export async function startTestProvider(options: { port?: number; clients: TestClient[] }): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;
  let codeLifetime = 60;
  let tamper: ((body: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>) | null = null;

  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const configuration: Configuration = {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "test-key", alg: "RS256", use: "sig" } as never] },
    cookies: { keys: ["test-provider-cookie-key-not-a-secret"] },
    // amr and acr go in every ID token whose sign-in set them.
    claims: { openid: ["sub", "amr", "acr", "auth_time"], email: ["email", "email_verified"] },
    // The email goes in the ID token itself, which is what the portal reads.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    ttl: { AuthorizationCode: () => codeLifetime },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const account = TEST_ACCOUNTS[id];
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: id, email: account.email, email_verified: account.emailVerified }) };
    },
    // A first-party client: its scopes are granted without a consent page.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(oidc.client!.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session!.accountId! });
      grant.addOIDCScope("openid email");
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.use(async (ctx, next) => {
    await next();
    if (tamper && ctx.path === "/token" && ctx.status === 200 && ctx.body && typeof ctx.body === "object") {
      const change = tamper;
      tamper = null;
      ctx.body = await change(ctx.body as Record<string, unknown>);
    }
  });
  const handle = provider.callback();

  server.on("request", (req, res) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(req.url ?? "");
    if (!match) return void handle(req, res);
    void (async () => {
      try {
        await provider.interactionDetails(req, res);
        if (req.method === "GET") {
          res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(loginPage(match[1]!));
          return;
        }
        const form = await readForm(req);
        const account = TEST_ACCOUNTS[form.get("account") ?? ""];
        const result =
          form.get("decision") === "cancel" || !account
            ? { error: "access_denied", error_description: "The person cancelled" }
            : { login: { accountId: form.get("account")!, amr: account.amr, ...(account.acr ? { acr: account.acr } : {}) } };
        await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      } catch (error) {
        res.writeHead(400, { "Content-Type": "text/plain" }).end(error instanceof Error ? error.message : "interaction failed");
      }
    })();
  });

  return {
    issuer,
    port,
    tamperNextTokenResponse: (change) => void (tamper = change),
    setCodeLifetime: (seconds) => void (codeLifetime = seconds),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Follows the provider's redirects from `start` as a browser would, signs in as `accountId`, and returns the URL it sends the browser back to. */
export async function signInAtProvider(start: string, accountId: string, stopAt: string): Promise<URL> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...rest] = pair!.split("=");
      jar.set(name!.trim(), rest.join("="));
    }
  };
  let url = new URL(start);
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 12; hop++) {
    if (url.href.startsWith(stopAt)) return url;
    const response = await fetch(url, {
      method: body ? "POST" : "GET",
      headers: { cookie: cookieHeader(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body,
      redirect: "manual",
    });
    keep(response);
    body = undefined;
    const location = response.headers.get("location");
    if (location) {
      url = new URL(location, url);
      continue;
    }
    if (response.status === 200 && url.pathname.startsWith("/interaction/")) {
      await response.text();
      body = new URLSearchParams({ account: accountId, decision: accountId === "cancel" ? "cancel" : "sign-in" });
      continue;
    }
    throw new Error(`The test provider answered ${response.status} at ${url.pathname}: ${await response.text()}`);
  }
  throw new Error("Too many redirects at the test provider");
}
