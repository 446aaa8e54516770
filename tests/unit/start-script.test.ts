// `npm start` runs the server with settings that keep its memory down (ADR 008, ADR 016): a heap limit, WebAssembly
// left to V8's baseline compiler (Liftoff) and at most two malloc arenas; and a young generation large enough that a
// page's short-lived objects rarely outlive it (ADR 050). These tests check that the start script
// still carries them, that this Node accepts them (a Node upgrade that dropped a flag would stop the server starting),
// and that the WebAssembly flags do what ADR 016 says: without them V8 recompiles a hot function with TurboFan.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LIFTOFF_ONLY_FLAGS, startCommand } from "../../scripts/start-command";

const root = fileURLToPath(new URL("../..", import.meta.url));
const probe = fileURLToPath(new URL("../support/wasm-tier-probe.cjs", import.meta.url));
const youngGenerationProbe = fileURLToPath(new URL("../support/young-generation-probe.cjs", import.meta.url));

function tierWith(nodeFlags: string[], env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, [...nodeFlags, "--allow-natives-syntax", probe], { env: { ...process.env, ...env }, encoding: "utf8" }).trim();
}

describe("npm start", () => {
  const start = startCommand(root);

  it("runs the production server with a heap limit, a 32 MB young generation, Liftoff-only WebAssembly and two malloc arenas", () => {
    expect(start.env).toMatchObject({ NODE_ENV: "production", MALLOC_ARENA_MAX: "2" });
    expect(start.nodeFlags).toEqual(expect.arrayContaining(["--max-old-space-size=1024", "--max-semi-space-size=32", ...LIFTOFF_ONLY_FLAGS]));
  });

  it("lets the young generation grow past plain node's", () => {
    const largestNewSpace = (nodeFlags: string[]) =>
      Number(execFileSync(process.execPath, [...nodeFlags, youngGenerationProbe], { env: { ...process.env, ...start.env }, encoding: "utf8" }).trim());
    expect(largestNewSpace(start.nodeFlags)).toBeGreaterThan(largestNewSpace([]));
  });

  it("keeps hot WebAssembly in Liftoff, where plain node would recompile it with TurboFan", () => {
    expect(tierWith(start.nodeFlags, start.env)).toBe("liftoff");
    expect(tierWith([...LIFTOFF_ONLY_FLAGS])).toBe("liftoff");
    expect(tierWith([])).toBe("turbofan");
    // --no-wasm-tier-up alone does not stop dynamic tiering: both flags are needed.
    expect(tierWith(["--no-wasm-tier-up"])).toBe("turbofan");
  });
});
