// The bad-input generator's browser stand-in: one cookie jar per persona, the portal's own Origin on every post (so
// that posts reach the actions rather than the cross-site check), redirects not followed, and a record of every
// request and answer, with the X-Request-Id that ties it to the server's log lines.
import { demoSecretOf, freshCode } from "../demo-totp";
import { DEMO_PASSWORD } from "../../../prisma/seed-data";

/** A request not answered within this is reported as unanswered (status 0). */
const ANSWER_WITHIN_MS = 60_000;

export interface Sent {
  persona: string;
  /** What the generator meant to send, e.g. "post /records/new code=NUL". */
  label: string;
  method: string;
  path: string;
  status: number;
  requestId: string | null;
  location: string | null;
  body: string;
}

export interface Outgoing {
  method: "GET" | "POST";
  path: string;
  /** A form body as sent on the wire (already encoded), or raw bytes. */
  body?: string | Buffer;
  contentType?: string;
  /** The Origin header: the portal's own unless given (null sends none). */
  origin?: string | null;
  label: string;
}

export class Persona {
  private cookies = new Map<string, string>();
  private signingIn: Promise<void> | null = null;
  /** How many times the session was found ended mid-run and signed in again. */
  resignIns = 0;
  /** The requests after which the session was found ended. */
  readonly endedBy: string[] = [];

  constructor(
    readonly name: string,
    readonly email: string | null,
    private readonly baseUrl: string,
    private readonly onSent: (sent: Sent) => void,
  ) {}

  get signedIn(): boolean {
    return this.email !== null;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private keepCookies(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute) || /^\s*expires=thu, 01 jan 1970/i.test(attribute));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** Sends one request as this persona, with the persona's cookies unless `cookies` is false. */
  async send(outgoing: Outgoing, options: { cookies?: boolean; record?: boolean } = {}): Promise<Sent> {
    const headers: Record<string, string> = { Accept: "text/html" };
    if (options.cookies !== false && this.cookies.size) headers.Cookie = this.cookieHeader();
    const origin = outgoing.origin === undefined ? this.baseUrl : outgoing.origin;
    if (outgoing.method === "POST" && origin !== null) headers.Origin = origin;
    if (outgoing.body !== undefined) headers["Content-Type"] = outgoing.contentType ?? "application/x-www-form-urlencoded";
    let response: Response;
    try {
      response = await fetch(this.baseUrl + outgoing.path, {
        method: outgoing.method,
        headers,
        body: outgoing.body as BodyInit | undefined,
        redirect: "manual",
        signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
      });
    } catch (error) {
      // No answer (or the connection dropped): status 0, which the run reports with the request.
      const sent: Sent = {
        persona: this.name,
        label: outgoing.label,
        method: outgoing.method,
        path: outgoing.path,
        status: 0,
        requestId: null,
        location: null,
        body: `${String(error)}${(error as { cause?: { code?: string; message?: string } }).cause ? ` (${describeCause(error)})` : ""}`,
      };
      if (options.record !== false) this.onSent(sent);
      return sent;
    }
    if (options.cookies !== false) this.keepCookies(response);
    const sent: Sent = {
      persona: this.name,
      label: outgoing.label,
      method: outgoing.method,
      path: outgoing.path,
      status: response.status,
      requestId: response.headers.get("x-request-id"),
      location: response.headers.get("location"),
      body: await response.text(),
    };
    if (options.record !== false) this.onSent(sent);
    return sent;
  }

  /** Signs in with the demo password and, for a privileged account, the demo authenticator's next code. */
  async signIn(): Promise<void> {
    if (!this.email) return;
    this.cookies.clear();
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const first = await this.send(
      { method: "POST", path: "/sign-in", body: form({ email: this.email, password: DEMO_PASSWORD }), label: "sign in" },
      { record: false },
    );
    if (first.status >= 400 || !first.location) throw new Error(`${this.name} could not sign in (status ${first.status})`);
    if (first.location.startsWith("/sign-in/code")) {
      const secret = demoSecretOf(this.email);
      if (!secret) throw new Error(`${this.name} was asked for a code but has no demo key`);
      const code = await freshCode(this.email, secret);
      const second = await this.send(
        { method: "POST", path: "/sign-in/code", body: form({ method: "totp", code, redirectTo: "/" }), label: "sign in: code" },
        { record: false },
      );
      if (second.status >= 400 || second.location?.startsWith("/sign-in")) throw new Error(`${this.name}'s code was refused (status ${second.status})`);
    }
  }

  /**
   * After an answer that sends a signed-in persona to the sign-in page (a generated request ended its session, or
   * an administrator's generated change signed it out), signs in again, once for all the requests that noticed.
   */
  async recoverIfSignedOut(sent: Sent): Promise<void> {
    if (!this.signedIn || !sent.location?.startsWith("/sign-in")) return;
    if (!this.signingIn) {
      this.signingIn = (async () => {
        // Only an ended session is signed in again: a generated redirectTo can point at the sign-in page by itself.
        const check = await this.send({ method: "GET", path: "/profile", label: "still signed in?" }, { record: false });
        if (!check.location?.startsWith("/sign-in")) return;
        this.resignIns++;
        this.endedBy.push(`${sent.method} ${sent.path.slice(0, 120)} (${sent.label.slice(0, 120)})`);
        await this.signIn();
      })().finally(() => (this.signingIn = null));
    }
    await this.signingIn;
  }
}

/** Runs `tasks` with at most `inFlight` under way at once. */
export async function runPool<T>(tasks: T[], inFlight: number, work: (task: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < tasks.length; index = next++) await work(tasks[index]!);
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

/** Why fetch failed, from its cause (fetch itself says only "fetch failed"). */
function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return [cause?.code, cause?.message].filter(Boolean).join(": ");
}
