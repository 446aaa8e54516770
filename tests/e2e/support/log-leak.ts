// What the server's log must never hold, gathered from the sources rather than listed by hand, so a new persona or a
// new text typed by a spec is checked without anyone remembering to add it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { PEOPLE } from "../../../prisma/seed-data";

/** The names and work emails of everyone the demo seed creates. */
export function seededPeopleWords(): string[] {
  return PEOPLE.flatMap((person) => [
    person.firstName,
    person.lastName,
    `${person.firstName} ${person.lastName}`,
    person.preferredName,
    person.workEmail,
    person.workEmail.split("@")[0],
  ]).filter((word): word is string => Boolean(word));
}

const TYPING_METHODS = new Set(["fill", "type", "pressSequentially"]);
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;

/** Long enough to mean something, and not a date or a time (the log has times of its own, as numbers). */
function isDistinctive(text: string): boolean {
  return text.length >= 6 && !/^[\d\s:/-]+$/.test(text);
}

/**
 * What the end-to-end specs type into the portal: every string in the first argument of a fill, type or
 * pressSequentially call, and every string in a constant with an UPPER_CASE name (how specs type a text they use
 * twice), outside the functions such a constant may hold (which build addresses, not text). A template's fixed parts
 * count on their own, as its ${…} parts are only known at run time.
 */
export function textsTypedBySpecs(specDir: string): string[] {
  const texts = new Set<string>();
  const collectStrings = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) texts.add(node.text.trim());
    else if (ts.isTemplateExpression(node)) for (const part of [node.head, ...node.templateSpans.map((span) => span.literal)]) texts.add(part.text.trim());
    if (!ts.isFunctionLike(node)) ts.forEachChild(node, collectStrings);
  };
  for (const file of readdirSync(specDir).filter((name) => name.endsWith(".spec.ts"))) {
    const source = ts.createSourceFile(file, readFileSync(join(specDir, file), "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const typed = ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && TYPING_METHODS.has(node.expression.name.text);
      if (typed && node.arguments[0]) collectStrings(node.arguments[0]);
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && CONSTANT_NAME.test(node.name.text) && node.initializer)
        collectStrings(node.initializer);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...texts].filter(isDistinctive);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Each word found in the log as a word of its own (case matters: "Grace" is a name, "grace" is not here). */
export function wordsFound(log: string, words: readonly string[]): string[] {
  return [...new Set(words)].filter((word) => new RegExp(`(?<![\\w])${escapeRegExp(word)}(?![\\w])`).test(log));
}

/** Shapes that are personal whatever their value: a case reference (K7QX-M2DT) and an email address. */
export const PERSONAL_SHAPES: Record<string, RegExp> = {
  "a case reference": /(?<![\w-])[BCDFGHJKMNPQRSTVWXZ2-9]{4}-[BCDFGHJKMNPQRSTVWXZ2-9]{4}(?![\w-])/g,
  "an email address": /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
};
