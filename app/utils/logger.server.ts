// The portal's one logger: JSON lines on stdout (pino), for the server, its request log, the mail outbox and the
// schedulers. Logs are read by people who may not see cases: no line may carry a name, an email address, a case
// reference, anything a person typed, or an error's message (which can quote any of these). ADR 020.
import { pino, type DestinationStream, type Level, type Logger } from "pino";
import { env } from "~/config/env.server";

/** What the outbox and the schedulers need of a logger (a seam their tests fill with a logger of their own). */
export type EventLogger = Pick<Logger, "info" | "warn" | "error">;

/**
 * Fields that hold personal data, as a last line of defence: the code logs none of them, and a line that carries one
 * anyway (at its top or one object down) shows "[redacted]".
 */
const PERSONAL_FIELDS = [
  "name",
  "firstName",
  "lastName",
  "preferredName",
  "displayName",
  "email",
  "workEmail",
  "to",
  "toAddress",
  "reference",
  "body",
  "text",
  "html",
  "subject",
  "note",
  "message",
  "url",
  "query",
  "params",
];

/** The headers that carry the session, wherever a request's or response's headers would be logged. */
const SESSION_HEADERS = ["cookie", "authorization", '["set-cookie"]'];

// Not "*.*.field": every wildcard level multiplies the cost of every line (two levels took 45 µs a line, one 20).
export const REDACTED_PATHS = [
  ...PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`]),
  ...SESSION_HEADERS.flatMap((header) =>
    ["headers", "req.headers", "res.headers"].map((at) => (header.startsWith("[") ? `${at}${header}` : `${at}.${header}`)),
  ),
];

const ERROR_CODE = /^[A-Za-z0-9_.-]{1,40}$/;

/**
 * An error as the logs show it: its kind and code (such as "PrismaClientKnownRequestError", "P2002" or "ECONNREFUSED"),
 * never its message or stack. A code that does not look like one is left out.
 */
export function errorKind(error: unknown): { type: string; code?: string } {
  const type = error instanceof Error ? error.name : typeof error;
  const code = typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : undefined;
  return code !== undefined && ERROR_CODE.test(code) ? { type, code } : { type };
}

export function createLogger(options: { level: Level | "silent"; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: { err: errorKind, error: errorKind },
      hooks: {
        // pino would take the message of an error logged on its own (`log.error(error)`) as the line's message.
        logMethod(args, method) {
          const [first, second] = args as unknown[];
          if (first instanceof Error) return method.call(this, { err: first }, typeof second === "string" ? second : "error");
          return method.apply(this, args);
        },
      },
    },
    options.destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

let shared: Logger | undefined;

/** The process's logger, at the level LOG_LEVEL sets. */
export function appLogger(): Logger {
  shared ??= createLogger({ level: env().LOG_LEVEL });
  return shared;
}
