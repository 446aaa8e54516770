// Preloaded into a server under test (`node --import=<this file>`) by bench/experiments/steady-state.ts: SIGUSR2 starts
// V8's CPU profiler, the next SIGUSR2 stops it and writes the profile to $PROFILE_ON_SIGNAL_DIR/<pid>-<n>.cpuprofile.
// So a profile covers the steady state under load only, not start-up and warm-up (which --cpu-prof includes).
// Plain JavaScript, not built: it is loaded into either revision's compiled server.
import { renameSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";

const dir = process.env.PROFILE_ON_SIGNAL_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  const post = (method, params = {}) =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  let running = false;
  let count = 0;
  process.on("SIGUSR2", () => {
    if (!running) {
      running = true;
      void post("Profiler.enable")
        .then(() => post("Profiler.setSamplingInterval", { interval: Number(process.env.PROFILE_ON_SIGNAL_INTERVAL_US ?? 200) }))
        .then(() => post("Profiler.start"));
      return;
    }
    void post("Profiler.stop").then(({ profile }) => {
      running = false;
      count += 1;
      const file = join(dir, `${process.pid}-${count}.cpuprofile`);
      writeFileSync(`${file}.tmp`, JSON.stringify(profile));
      // Renamed when whole, so the harness never reads half a file.
      renameSync(`${file}.tmp`, file);
    });
  });
}
