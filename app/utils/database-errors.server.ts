// The database's refusals that a form answers with a message by the field rather than an error page.
import { Prisma } from "~/generated/prisma/client";

/** True for a database refusal of a duplicate value (Prisma's P2002, whichever adapter reported it). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** True for a reference to a row that does not exist (any more). */
export function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && (error.code === "P2003" || error.code === "P2025");
}

/** True for the database's refusal of a line manager who reports to the person (the line chain's trigger, ADR 024). */
export function isLineManagementCycle(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : String(error);
  return text.includes("line management cycle");
}
