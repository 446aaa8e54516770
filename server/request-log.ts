import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import type { RequestLogNotes } from "../app/load-context";
import { errorKind } from "../app/utils/logger.server";

/** Lets someone reporting a failure quote which request it was; a random id that says nothing else. */
export const REQUEST_ID_HEADER = "X-Request-Id";

/** A request's line names where it went: the route pattern, or why there is none. Never the address. */
export const NOT_ROUTED = "(not routed)";
export const NO_ROUTE = "(no route)";

/** The notes React Router's handling of this request fills in (see app/load-context.ts), kept for its log line. */
export function requestLogNotes(req: Request, res: Response): RequestLogNotes {
  const notes: RequestLogNotes = { requestId: String(req.id) };
  res.locals.requestLog = notes;
  return notes;
}

/** Static files, and requests refused before React Router saw them, were not routed; an unknown address has no route. */
function routeOf(res: ServerResponse): string {
  const notes = (res as Response).locals?.requestLog as RequestLogNotes | undefined;
  return notes ? (notes.routePattern ?? NO_ROUTE) : NOT_ROUTED;
}

/**
 * One JSON line per request when its response has gone: request id, method, status, duration (responseTime, ms) and
 * route pattern. No address, query, header or body: each can hold a reference, a name or what someone typed.
 */
export function requestLogger(logger: Logger): RequestHandler {
  const middleware = pinoHttp<IncomingMessage, ServerResponse>({
    logger,
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
    customSuccessObject: (_req, res, fields: object) => ({ ...fields, route: routeOf(res) }),
    customErrorObject: (_req, res, _error, fields: object) => ({ ...fields, route: routeOf(res) }),
  });
  return middleware as unknown as RequestHandler;
}
