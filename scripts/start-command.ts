// How `npm start` runs the server (package.json): the environment it sets through cross-env and the flags it gives
// node (ADR 008, ADR 016). The benchmark and the end-to-end suite start the server the same way from this.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface StartCommand {
  env: Record<string, string>;
  nodeFlags: string[];
}

export function startCommand(root: string): StartCommand {
  const start = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.start ?? "";
  const tokens = start.split(/\s+/);
  const nodeAt = tokens.indexOf("node");
  const env = Object.fromEntries(
    tokens
      .slice(0, nodeAt)
      .filter((token) => /^[A-Z_][A-Z0-9_]*=/.test(token))
      .map((token) => [token.slice(0, token.indexOf("=")), token.slice(token.indexOf("=") + 1)]),
  );
  return { env, nodeFlags: tokens.slice(nodeAt + 1).filter((token) => token.startsWith("--")) };
}
