// Preloaded into the server (node --require) by bench/experiments/memory-phases.ts: every 250 ms, one line of the
// process's resident memory, V8 heap totals and V8 heap spaces (MiB) to MEMORY_TRACE_FILE.
const v8 = require("node:v8");
const fs = require("node:fs");

const file = process.env.MEMORY_TRACE_FILE;
if (file) {
  const fd = fs.openSync(file, "w");
  const started = Date.now();
  const mib = (bytes) => (bytes / 1048576).toFixed(1);
  let wroteHeader = false;
  setInterval(() => {
    const usage = process.memoryUsage();
    const spaces = v8.getHeapSpaceStatistics();
    if (!wroteHeader) {
      fs.writeSync(
        fd,
        ["t", "rss", "heapTotal", "heapUsed", "external", "arrayBuffers", ...spaces.map((s) => s.space_name.replace(/_space$/, ""))].join("\t") + "\n",
      );
      wroteHeader = true;
    }
    const values = [usage.rss, usage.heapTotal, usage.heapUsed, usage.external, usage.arrayBuffers, ...spaces.map((s) => s.space_size)];
    fs.writeSync(fd, [((Date.now() - started) / 1000).toFixed(1), ...values.map(mib)].join("\t") + "\n");
  }, 250).unref();
}
