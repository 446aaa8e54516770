// ESLint for the whole tree, run by `npm run lint` (and so by `npm test`). Besides the usual recommended rules it
// holds two architecture rules of issue 13: a route file never touches the database, and a server-side domain module
// never imports from components/ or routes/. See "Lint" in the README.
import eslintComments from "@eslint-community/eslint-plugin-eslint-comments";
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const GUARD_MESSAGE = "The guard is one module: import from ~/access/guard.server, never its parts in access/guard/ (ADR 006).";
/** The guard's parts, for everyone but the guard itself. */
const GUARD_PARTS = { regex: "(^|/)access/guard/", message: GUARD_MESSAGE };

const ROUTE_DB_MESSAGE = "A route file never touches the database: go through the access module (issue 13).";

/** Where the database client lives: our singleton, the generated Prisma client, the drivers under it. */
const DATABASE_IMPORTS = {
  paths: ["@prisma/client", "@prisma/adapter-pg", "pglite-prisma-adapter", "@electric-sql/pglite", "pg"].map((name) => ({
    name,
    message: ROUTE_DB_MESSAGE,
  })),
  patterns: [
    GUARD_PARTS,
    { regex: "(^|/)db\\.server(\\.ts)?$", message: ROUTE_DB_MESSAGE },
    { regex: "^(~|\\.{1,2})(/.*)?/db/", message: ROUTE_DB_MESSAGE },
    { regex: "(^|/)generated/prisma(/|$)", message: ROUTE_DB_MESSAGE },
  ],
};

/** Using the client without importing it: the `prisma` a loader's context carries, and raw SQL on any client. */
const DATABASE_SYNTAX = [
  { selector: "MemberExpression[property.name='prisma']", message: ROUTE_DB_MESSAGE },
  { selector: "MemberExpression[computed=true][property.value='prisma']", message: ROUTE_DB_MESSAGE },
  { selector: "ObjectPattern > Property[key.name='prisma']", message: ROUTE_DB_MESSAGE },
  { selector: "MemberExpression[property.name=/^\\$(queryRaw|executeRaw|transaction)/]", message: ROUTE_DB_MESSAGE },
  // A transaction client handed to a callback is the client too, whatever it is called.
  { selector: "MemberExpression[object.name=/^(tx|db|prisma|client)$/]", message: ROUTE_DB_MESSAGE },
  {
    selector:
      "CallExpression[callee.property.name=/^(findMany|findFirst|findUnique|findFirstOrThrow|findUniqueOrThrow|createMany|createManyAndReturn|updateMany|updateManyAndReturn|upsert|deleteMany|aggregate|groupBy)$/]",
    message: ROUTE_DB_MESSAGE,
  },
];

const LAYER_MESSAGE = "Server-side domain code never imports from components/ or routes/: move what both need into app/models or app/utils.";

// With future.v8_passThroughRequests (remix.config.js) a loader's `request.url` is the address as sent, which for a
// client-side navigation is React Router's own (`/page.data?_routes=…`); the `url` argument is the page's address.
const REQUEST_URL_MESSAGE = "Read the page's address from the `url` argument: request.url of a data request is `/page.data?…` (ADR 034).";
const REQUEST_URL_SYNTAX = [
  { selector: "MemberExpression[object.name='request'][property.name='url']", message: REQUEST_URL_MESSAGE },
  { selector: "MemberExpression[object.property.name='request'][property.name='url']", message: REQUEST_URL_MESSAGE },
];

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/",
      "build/",
      "build-*/",
      ".react-router/",
      ".cache/",
      "app/generated/",
      "data/",
      "test-results/",
      "playwright-report/",
      "blob-report/",
      "bench/results/",
    ],
  },
  js.configs.recommended,
  // Without type information: with it (recommendedTypeChecked) the lint took 78 s on two cores instead of 20 s.
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { "@eslint-community/eslint-comments": eslintComments },
    rules: {
      // Switching a rule off for a line needs its reason: `// eslint-disable-next-line rule -- why`.
      "@eslint-community/eslint-comments/require-description": "error",
      "@eslint-community/eslint-comments/no-unlimited-disable": "error",
      // A timer declared before the callbacks that clear it and set after them (entry.server.tsx) stays `let`.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      // An unused value is a mistake; a leading underscore says "deliberately unused" (a rest sibling left out too).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "public/**/*.js"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["**/*.tsx"],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ["**/*.tsx"],
    ...jsxA11y.flatConfigs.recommended,
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },

  // ── Architecture rule 1: a route file never touches the database client (issue 13) ──
  {
    files: ["app/routes/**"],
    rules: {
      "no-restricted-imports": ["error", DATABASE_IMPORTS],
      "no-restricted-syntax": ["error", ...DATABASE_SYNTAX, ...REQUEST_URL_SYNTAX],
    },
  },
  {
    files: ["app/access/request-context.server.ts", "app/access/guard/**"],
    rules: { "no-restricted-syntax": ["error", ...REQUEST_URL_SYNTAX] },
  },
  // ── The guard is one module: only it imports its parts (issue 13) ──
  {
    files: ["app/**", "tests/**", "scripts/**", "bench/**", "server/**", "prisma/**"],
    ignores: ["app/routes/**", "app/access/guard.server.ts", "app/access/guard/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [GUARD_PARTS] }] },
  },
  // ── What runs in the browser never loads the form schemas' parsing (zod would probe for eval, which the CSP refuses) ──
  {
    files: ["app/components/**"],
    ignores: ["app/components/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            GUARD_PARTS,
            { regex: "^~/utils/forms$", message: "Components run in the browser: take the reply's types and helpers from ~/utils/form-reply (ADR 021)." },
          ],
        },
      ],
    },
  },
  // ── Architecture rule 2: server-side domain code never imports from components/ or routes/ (issue 13) ──
  {
    files: [
      "app/models/**",
      "app/models/referrals/**",
      "app/access/**",
      "app/auth/**",
      "app/utils/**",
      "app/config/**",
      "app/db/**",
      "app/**/*.server.ts",
      "policies/**",
      "emails/**",
    ],
    ignores: ["app/routes/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [GUARD_PARTS, { regex: "^(~|\\.{1,2})(/.*)?/(components|routes)(/|$)", message: LAYER_MESSAGE }] }],
    },
  },
  {
    // The guard's own files: they import one another, and never components or routes.
    files: ["app/access/guard.server.ts", "app/access/guard/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "^(~|\\.{1,2})(/.*)?/(components|routes)(/|$)", message: LAYER_MESSAGE }] }],
    },
  },
);
