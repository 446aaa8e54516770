// Every environment variable the running portal reads goes through the validated environment module
// (app/config/env.server.ts): a typo or a bad value stops the server with the variable's name, and a deployment's
// unsafe settings are checked in one place (ADR 032). This walks the project's files and fails, listing them, when
// `process.env` appears anywhere else but in the exemptions below.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/built-app";

/** The one module of the running portal that reads the environment. */
const ENVIRONMENT_MODULE = "app/config/env.server.ts";

/** Not the running portal, each with the reason it may read the environment itself. */
const EXEMPT: { pattern: RegExp; why: string }[] = [
  { pattern: /\.test\.tsx?$/, why: "tests set variables for the code they test" },
  { pattern: /^tests\//, why: "the test suites and their helpers (ports, databases, servers they start)" },
  { pattern: /^bench\//, why: "the benchmark, which starts and measures servers" },
  { pattern: /^scripts\//, why: "command-line tools run by hand or by npm scripts, before or beside the server" },
  { pattern: /^remix\.config\.js$/, why: "read by the build (PORTAL_BUILD, BUILD_DIR) before any app code exists" },
  { pattern: /^(vite|vitest|playwright|react-router)\.config\.ts$/, why: "tool configuration" },
];

const SOURCE = /\.(ts|tsx|js|mjs|cjs)$/;

function projectFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
  return [...new Set(listed.split("\n").filter((file) => SOURCE.test(file)))];
}

describe("reading the environment", () => {
  it("happens only in the validated environment module, outside the listed exemptions", () => {
    const offenders: string[] = [];
    for (const file of projectFiles()) {
      if (file === ENVIRONMENT_MODULE || EXEMPT.some(({ pattern }) => pattern.test(file))) continue;
      let text: string;
      try {
        text = readFileSync(`${ROOT}/${file}`, "utf8");
      } catch {
        continue; // deleted in the work tree
      }
      text.split("\n").forEach((line, index) => {
        if (/process\s*\.\s*env\b|process\s*\[\s*["']env["']\s*\]/.test(line)) offenders.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(offenders, `read these through ${ENVIRONMENT_MODULE} (env()) instead`).toEqual([]);
  });

  it("finds a read it must refuse (the check itself can fail)", () => {
    const line = "const pool = Number(process.env.DATABASE_POOL_SIZE ?? 10);";
    expect(/process\s*\.\s*env\b/.test(line)).toBe(true);
    expect(projectFiles()).toContain("server.ts");
    expect(projectFiles()).toContain(ENVIRONMENT_MODULE);
  });
});
