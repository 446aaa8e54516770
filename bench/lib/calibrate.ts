// A yardstick for the machine: a raw Node `http` server answering "ok", loaded like the pages. /work/shared/STACK.md
// measured about 26,000 req/s on this kind of machine; a much lower figure means a slower or busier machine today.
import { spawn } from "node:child_process";
import { cannon } from "./load.ts";

export async function rawNodeThroughput(port: number, seconds: number): Promise<number> {
  const child = spawn(process.execPath, ["-e", `require("http").createServer((q, s) => s.end("ok")).listen(${port}, "127.0.0.1")`], { stdio: "ignore" });
  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await (await fetch(`http://127.0.0.1:${port}/`)).text();
        break;
      } catch {
        if (Date.now() > deadline) throw new Error("the calibration server did not start");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const result = await cannon({ label: "raw node http", baseUrl: `http://127.0.0.1:${port}`, path: "/", connections: 20, seconds });
    return result.rps;
  } finally {
    child.kill("SIGTERM");
  }
}
