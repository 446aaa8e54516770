import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import type { RequestLogNotes } from "../app/load-context";
import { errorKind } from "../app/utils/logger.server";

/** Lets someone reporting a failure quote which request it was; a random id that says nothing else. */
export const REQUEST_ID_HEADER = "X-Request-Id";

/**
 * A request's line names where it went: the route pattern, or one of these. Never the address. The two fixed paths
 * hold nothing personal themselves (the manifest's query, which lists the pages a person has links to, is not logged).
 */
export const NOT_ROUTED = "(not routed)";
export const NO_ROUTE = "(no route)";
const STATIC_ASSETS = "/assets/*";

/** The notes React Router's handling of this request fills in (see app/load-context.ts), kept for its log line. */
export function requestLogNotes(req: Request, res: Response): RequestLogNotes {
  const notes: RequestLogNotes = { requestId: String(req.id) };
  res.locals.requestLog = notes;
  return notes;
}

/** Static files, and requests refused before React Router saw them, were not routed; an unknown address has no route. */
function routeOf(req: IncomingMessage, res: ServerResponse): string {
  const notes = (res as Response).locals?.requestLog as RequestLogNotes | undefined;
  if (notes?.routePattern) return notes.routePattern;
  const path = ((req as Request).originalUrl ?? req.url ?? "").split("?")[0];
  if (notes) return NO_ROUTE;
  return path?.startsWith("/assets/") ? STATIC_ASSETS : NOT_ROUTED;
}

/**
 * One JSON line per request when its response has gone: request id, method, status, duration (responseTime, ms) and
 * route pattern. No address, query, header or body: each can hold a reference, a name or what someone typed.
 */
export function requestLogger(logger: Logger): RequestHandler {
  const middleware = pinoHttp<IncomingMessage, ServerResponse>({
    // Every field of these lines is chosen below and none can hold personal data, so they skip the redaction every
    // other line pays for: about three quarters of the request log's CPU, and there is one line per request (ADR 049).
    logger: logger.child({}, { redact: { paths: [] } }),
    genReqId: (_req, res) => {
      const id = randomUUID();
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    // The serializers get the request and response themselves, and pick the only fields a line may carry.
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage) => ({ id: req.id, method: req.method }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: errorKind,
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : "info"),
    customSuccessMessage: (_req, res) => (res.writableEnded ? "request completed" : "request aborted"),
    customErrorMessage: () => "request failed",
    customSuccessObject: (req, res, fields: object) => ({ ...fields, route: routeOf(req, res) }),
    customErrorObject: (req, res, _error, fields: object) => ({ ...fields, route: routeOf(req, res) }),
  });
  return middleware as unknown as RequestHandler;
}
