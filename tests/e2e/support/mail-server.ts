// The real SMTP server the end-to-end portal sends mail to, with a small HTTP API for the tests to read what it
// caught. The same HTTP server also serves the "attacker" pages: a forged cross-site form post, and a crafted link.
import { createServer } from "node:http";
import { caughtMessages, clearCaughtMessages, startSmtpCatcher } from "../../../app/utils/smtp-catcher.server";
import { E2E } from "./constants";

await startSmtpCatcher({ port: E2E.smtpPort });

createServer((req, res) => {
  const url = new URL(req.url ?? "/", E2E.mailApiUrl);
  if (url.pathname === "/health") return void res.end("ok");
  if (url.pathname === "/messages" && req.method === "GET") {
    res.setHeader("Content-Type", "application/json");
    return void res.end(JSON.stringify(caughtMessages()));
  }
  if (url.pathname === "/messages" && req.method === "DELETE") {
    clearCaughtMessages();
    return void res.end("cleared");
  }
  if (url.pathname === "/forged-form") {
    // A page on another site that posts a form to the portal, as a cross-site request forgery would.
    const action = url.searchParams.get("action") ?? "/sign-out";
    res.setHeader("Content-Type", "text/html");
    return void res.end(`<!doctype html><html lang="en"><head><title>Other site</title></head><body>
<form id="forged" method="post" action="${E2E.baseUrl}${action.replace(/"/g, "")}">
<input name="preferredName" value="Forged"><input name="pronouns" value="forged"><input name="version" value="1">
<button type="submit">Send</button></form></body></html>`);
  }
  if (url.pathname === "/crafted-link") {
    // A page on another site with a link into the portal, as a colleague might be sent in a chat or a mail.
    const to = (url.searchParams.get("to") ?? "/").replace(/"/g, "");
    res.setHeader("Content-Type", "text/html");
    return void res.end(`<!doctype html><html lang="en"><head><title>Other site</title></head><body>
<a href="${E2E.baseUrl}${to}">Open the link</a></body></html>`);
  }
  res.statusCode = 404;
  res.end("not found");
}).listen(E2E.mailApiPort, "127.0.0.1");
