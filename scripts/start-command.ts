// How `npm start` runs the server (package.json): the environment it sets through cross-env and the flags it gives
// node (ADR 008, ADR 016, and ADR 017 for React Router's production build). The benchmark and the end-to-end suite
// start the server the same way from this.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** V8 flags that keep WebAssembly on Liftoff, V8's baseline compiler (ADR 016). Both are needed: without the second,
 * dynamic tiering still recompiles hot functions with TurboFan. */
export const LIFTOFF_ONLY_FLAGS = ["--no-wasm-tier-up", "--no-wasm-dynamic-tiering"] as const;

export interface StartCommand {
  env: Record<string, string>;
  nodeFlags: string[];
}

export function startCommand(root: string): StartCommand {
  const start = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.start ?? "";
  const tokens = start.split(/\s+/);
  const nodeAt = tokens.indexOf("node");
  if (nodeAt < 0) throw new Error(`package.json's start script does not run node: "${start}"`);
  const env = Object.fromEntries(
    tokens
      .slice(0, nodeAt)
      .filter((token) => /^[A-Z_][A-Z0-9_]*=/.test(token))
      .map((token) => [token.slice(0, token.indexOf("=")), token.slice(token.indexOf("=") + 1)]),
  );
  return { env, nodeFlags: tokens.slice(nodeAt + 1).filter((token) => token.startsWith("--")) };
}
