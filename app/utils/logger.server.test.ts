import { describe, expect, it } from "vitest";
import { createLogger, errorKind } from "./logger.server";

function capture(level: "info" | "silent" = "info") {
  const lines: string[] = [];
  const log = createLogger({ level, destination: { write: (line) => void lines.push(line) } });
  return { log, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("the logger", () => {
  it("writes one JSON line per event", () => {
    const { log, entries } = capture();
    log.info({ mailId: "m-1" }, "outbox: mail not sent; will retry");
    expect(entries()).toEqual([expect.objectContaining({ level: 30, mailId: "m-1", msg: "outbox: mail not sent; will retry" })]);
  });

  it("redacts the session's headers wherever a line carries them", () => {
    const { log, lines, entries } = capture();
    log.info({ req: { headers: { cookie: "portal_session=abc.def", authorization: "Bearer xyz", "user-agent": "vitest" } } }, "headers");
    log.info({ res: { headers: { "set-cookie": "portal_session=ghi.jkl; HttpOnly" } } }, "headers");
    log.info({ headers: { cookie: "portal_session=mno.pqr" } }, "headers");
    expect(lines.join("")).not.toMatch(/abc\.def|xyz|ghi\.jkl|mno\.pqr/);
    expect(entries()[0]).toMatchObject({ req: { headers: { cookie: "[redacted]", authorization: "[redacted]", "user-agent": "vitest" } } });
    expect(entries()[1]).toMatchObject({ res: { headers: { "set-cookie": "[redacted]" } } });
  });

  it("redacts fields that hold names, addresses, references and what people typed", () => {
    const { log, lines } = capture();
    log.info({ name: "Jordan Mistry-Oake", email: "jordan.mistry-oake@northshire.police.invalid", reference: "K7QX-M2DT" }, "top level");
    log.info({ person: { firstName: "Jordan", workEmail: "j@x.invalid" }, entry: { text: "Fictional: typed text", body: "Fictional: a message" } }, "one down");
    log.info({ request: { url: "/records/K7QX-M2DT?q=Duxbury", params: { reference: "K7QX-M2DT" } } }, "one down");
    expect(lines.join("")).not.toMatch(/Jordan|Mistry|@|K7QX|Fictional|Duxbury/);
  });

  it("logs an error by kind and code, never its message or stack", () => {
    const { log, lines, entries } = capture();
    const failure = Object.assign(new Error("Unique constraint failed for jordan.mistry-oake@northshire.police.invalid"), { code: "P2002" });
    log.error({ err: failure }, "request failed");
    log.error(new TypeError("cannot read the case K7QX-M2DT"));
    log.error({ err: Object.assign(new Error("x"), { code: "550 <someone@example.test> no such user" }) }, "send failed");
    expect(entries()).toEqual([
      expect.objectContaining({ level: 50, err: { type: "Error", code: "P2002" }, msg: "request failed" }),
      expect.objectContaining({ level: 50, err: { type: "TypeError" }, msg: "error" }),
      expect.objectContaining({ err: { type: "Error" }, msg: "send failed" }),
    ]);
    expect(lines.join("")).not.toMatch(/Unique|jordan|K7QX|someone|stack/);
    expect(errorKind("a string thrown")).toEqual({ type: "string" });
  });

  it("writes nothing when silent", () => {
    const { log, lines } = capture("silent");
    log.error({ err: new Error("x") }, "request failed");
    expect(lines).toEqual([]);
  });
});
