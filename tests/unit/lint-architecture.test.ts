// The two architecture rules of issue 13, run through ESLint with the project's own eslint.config.js on small
// deliberately bad files that do not exist on disk (ESLint picks the rules by the path given). That the tree itself
// passes is checked by `npm run lint`, which `npm test` runs.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const eslint = new ESLint({ cwd: root });
/** The architecture rules alone: checking the 35 real route files against every rule would take seconds. */
const architectureOnly = new ESLint({ cwd: root, ruleFilter: ({ ruleId }) => ruleId.startsWith("no-restricted-") });

/** The problems ESLint reports for `code` as if it were the file at `path`, as "rule: message" lines. */
async function problems(code: string, path: string, linter = eslint): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath: `${root}${path}` });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? "parse"}: ${message.message}`);
}

const NEW_ROUTE = "app/routes/example.new-page.tsx";
const ROUTE_RULE = /A route file never touches the database/;
const LAYER_RULE = /never imports from components\/ or routes\//;

describe("a route file never touches the database", () => {
  it("refuses a new route that imports the database client", async () => {
    const code = `import { database } from "~/db.server";
export async function loader() {
  return { count: await database.person.count() };
}
`;
    expect(await problems(code, NEW_ROUTE)).toEqual([expect.stringMatching(/^no-restricted-imports: .*A route file never touches the database/)]);
  });

  it("refuses the generated Prisma client and the database drivers", async () => {
    for (const source of ["~/generated/prisma/client", "../generated/prisma/enums", "@prisma/client", "pg", "~/db/prepared-statements.server"]) {
      const code = `import * as client from "${source}";\nexport const used = client;\n`;
      expect(await problems(code, NEW_ROUTE), source).toEqual([expect.stringMatching(ROUTE_RULE)]);
    }
  });

  it("refuses the client a loader's context carries, however it is reached, and raw SQL", async () => {
    const uses = [
      "context.prisma.person.count()",
      'context["prisma"].person.count()',
      "(({ prisma }: { prisma: { person: { count(): number } } }) => prisma.person.count())(context)",
      "client.$queryRaw`SELECT 1`",
      "client.$executeRawUnsafe('SELECT 1')",
      "client.$transaction([])",
    ];
    for (const use of uses) {
      const code = `declare const context: any, client: any;\nexport const loader = async () => ${use};\n`;
      const found = (await problems(code, NEW_ROUTE)).filter((problem) => ROUTE_RULE.test(problem));
      expect(found.length, use).toBeGreaterThan(0);
    }
  });

  it("refuses a transaction client handed to a route's callback, and Prisma's query methods on any client", async () => {
    const uses = [
      "readAccessible(context, { find: (tx, where) => tx.person.findFirst({ where }) })",
      "withCaseAction(context, reference, (tx) => tx.caseConflict.count())",
      "store.policeSuspectCase.findMany({})",
      "anything.unit.upsert({})",
    ];
    for (const use of uses) {
      const code = `declare const context: any, reference: any, store: any, anything: any, readAccessible: any, withCaseAction: any;\nexport const loader = async () => ${use};\n`;
      const found = (await problems(code, NEW_ROUTE)).filter((problem) => ROUTE_RULE.test(problem));
      expect(found.length, use).toBeGreaterThan(0);
    }
  });

  it("lets a route read through the domain modules", async () => {
    const code = `import type { LoaderFunctionArgs } from "react-router";
import { requireUser } from "~/access/request-context.server";
import { listOwnConversations } from "~/models/manager-guide/conversations.server";

export async function loader(args: LoaderFunctionArgs) {
  const context = await requireUser(args);
  return { records: await listOwnConversations(context) };
}
`;
    expect(await problems(code, NEW_ROUTE)).toEqual([]);
  });

  it("holds for every route file in the tree, with no exceptions left", async () => {
    const routes = readdirSync(`${root}app/routes`).filter((name) => /\.tsx?$/.test(name));
    expect(routes.length).toBeGreaterThan(60);
    for (const name of routes) {
      const path = `app/routes/${name}`;
      const found = (await problems(readFileSync(`${root}${path}`, "utf8"), path, architectureOnly)).filter((problem) => ROUTE_RULE.test(problem));
      expect(found, `${path} touches the database`).toEqual([]);
    }
    const code = `import { database } from "~/db.server";\nexport const loader = () => database.person.count();\n`;
    expect(await problems(code, "app/routes/sign-in.tsx")).toEqual([expect.stringMatching(ROUTE_RULE)]);
  });
});

describe("the guard is one module", () => {
  const GUARD_RULE = /The guard is one module/;
  it("refuses its parts to a route, a model, a component and a test, and lets the guard's own files use them", async () => {
    const code = `import { withCaseAction } from "~/access/guard/cases.server";\nexport const used = withCaseAction;\n`;
    for (const path of [NEW_ROUTE, "app/models/example.server.ts", "app/components/example.tsx", "tests/unit/example.test.ts"]) {
      expect(await problems(code, path), path).toEqual([expect.stringMatching(GUARD_RULE)]);
    }
    expect(await problems(code, "app/access/guard/example.server.ts")).toEqual([]);
    expect(await problems(code.replace("~/access/guard/cases.server", "~/access/guard.server"), "app/models/example.server.ts")).toEqual([]);
  });
});

describe("what runs in the browser never loads the form schemas", () => {
  it("refuses ~/utils/forms to a component, and lets it take the reply's helpers from ~/utils/form-reply", async () => {
    const code = (source: string) => `import { firstErrors } from "${source}";\nexport const used = firstErrors;\n`;
    expect(await problems(code("~/utils/forms"), "app/components/example.tsx")).toEqual([expect.stringMatching(/Components run in the browser/)]);
    expect(await problems(code("~/utils/form-reply"), "app/components/example.tsx")).toEqual([]);
  });
});

describe("server-side domain code never imports from components/ or routes/", () => {
  it("refuses a model that imports from a component", async () => {
    const code = `import { DirectorySearch } from "~/components/directory-search";\nexport const shown = DirectorySearch;\n`;
    expect(await problems(code, "app/models/example.server.ts")).toEqual([expect.stringMatching(/^no-restricted-imports: .*never imports from components\//)]);
  });

  it("refuses every domain folder, relative paths and imports from routes alike", async () => {
    const cases: Array<[path: string, source: string]> = [
      ["app/models/example-labels.ts", "../components/ui"],
      ["app/models/referrals/example.server.ts", "~/routes/records.new"],
      ["app/access/example.server.ts", "~/routes"],
      ["app/auth/example.server.ts", "../routes/sign-in"],
      ["app/utils/example.ts", "~/components/ui"],
      ["policies/rules/example.ts", "../../app/components/ui/error-summary"],
      ["emails/example.ts", "../app/routes/team"],
    ];
    for (const [path, source] of cases) {
      const code = `import * as ui from "${source}";\nexport const used = ui;\n`;
      expect(await problems(code, path), `${path} importing ${source}`).toEqual([expect.stringMatching(LAYER_RULE)]);
    }
  });

  it("lets a model import other domain modules and shared types", async () => {
    const code = `import type { DirectoryMatch } from "~/models/people/directory-match";
import { isId } from "~/utils/ids";
import { pageTitle } from "~/utils/page-title";

export const example = (match: DirectoryMatch) => (isId(match.id) ? pageTitle(match.name) : null);
`;
    expect(await problems(code, "app/models/example.server.ts")).toEqual([]);
  });
});

describe("switching a rule off for one line", () => {
  it("needs a reason after the rule's name", async () => {
    const without = `// eslint-disable-next-line @typescript-eslint/no-explicit-any\nexport const loose: any = 1;\n`;
    const withReason = `// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fictional example\nexport const loose: any = 1;\n`;
    expect(await problems(without, "app/utils/example.ts")).toEqual([expect.stringMatching(/^@eslint-community\/eslint-comments\/require-description:/)]);
    expect(await problems(withReason, "app/utils/example.ts")).toEqual([]);
  });
});
