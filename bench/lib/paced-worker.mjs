// The evenly paced open-loop generator of bench/lib/load.ts `paced`, run in its own worker thread: its own V8 heap,
// so the benchmark process's garbage collections (it holds the audit rows it generated and a server build loaded
// in-process) cannot pause it and make the server look slower than it is. Plain JavaScript, so that the worker
// needs no TypeScript loader.
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

const { baseUrl, path, cookie, rate, seconds, maxBacklog, expectStatus } = workerData;
const isExpected = (status) => (expectStatus ? status === expectStatus : status >= 200 && status < 300);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const url = new URL(baseUrl + path);
const total = Math.round(rate * seconds);
const intervalMs = 1000 / rate;
const latencies = [];
let outstanding = 0;
let non2xx = 0;
let errors = 0;
let latestSend = 0;

const send = (due) =>
  new Promise((resolve) => {
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: "GET",
        headers: { "user-agent": "portal-bench/1 (paced)", ...(cookie ? { cookie } : {}) },
        timeout: 10_000,
      },
      (response) => {
        response.on("data", () => {});
        response.on("end", () => {
          if (isExpected(response.statusCode ?? 0)) latencies.push(performance.now() - due);
          else non2xx++;
          resolve();
        });
      },
    );
    request.on("error", () => {
      errors++;
      resolve();
    });
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.end();
  });

const pending = [];
const start = performance.now();
for (let i = 0; i < total; i++) {
  const due = start + i * intervalMs;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
  if (outstanding >= maxBacklog) {
    errors++;
    continue;
  }
  latestSend = Math.max(latestSend, performance.now() - due);
  outstanding++;
  pending.push(send(due).finally(() => outstanding--));
}
await Promise.all(pending);
agent.destroy();
parentPort.postMessage({ latencies, non2xx, errors, elapsedSeconds: (performance.now() - start) / 1000, latestSendMs: latestSend });
