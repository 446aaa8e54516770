// Summarises a V8 CPU profile (.cpuprofile, as --cpu-prof or the inspector's Profiler writes it): busy time (not idle)
// by package or portal folder, and by function, each as a share of the busy time and in ms per request.
import { readFileSync } from "node:fs";

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Busy (not idle) sampled time, µs. */
  busyMicros: number;
  byPackage: [string, number][];
  byFunction: [string, number][];
}

/** A frame's place: the npm package, or the portal's top two folders, or V8's own name ("(garbage collector)"). */
export function placeOf(url: string, functionName: string): string {
  if (url.includes("node_modules/")) return url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, "$1");
  if (!url) return functionName;
  return url
    .replace(/^file:\/\//, "")
    .replace(/.*\/(work\/[^/]+|portal-bench-rev-[^/]+)\//, "")
    .split("/")
    .slice(0, 2)
    .join("/");
}

/** A function as the summaries name it: its name, and where it is (a package's file as nm/…, the portal's from its root). */
export function frameKey(frame: { functionName: string; url: string; lineNumber: number }): string {
  return `${frame.functionName || "(anon)"} ${frame.url.replace(/.*node_modules\//, "nm/").replace(/.*\/(work\/[^/]+|portal-bench-rev-[^/]+)\//, "")}:${frame.lineNumber}`;
}

export function summariseProfile(file: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const time = self.get(node.id) ?? 0;
    const frame = node.callFrame;
    if (frame.functionName === "(idle)") continue;
    busy += time;
    const where = placeOf(frame.url, frame.functionName);
    byPackage.set(where, (byPackage.get(where) ?? 0) + time);
    const key = frameKey(frame);
    byFunction.set(key, (byFunction.get(key) ?? 0) + time);
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { busyMicros: busy, byPackage: sorted(byPackage), byFunction: sorted(byFunction) };
}

/** The summary as lines of text: the top packages and functions, with their share and ms per request. */
export function formatProfile(summary: ProfileSummary, requests: number, top = { packages: 18, functions: 22 }): string[] {
  const { busyMicros: busy } = summary;
  const perRequest = (time: number) => (time / 1000 / Math.max(requests, 1)).toFixed(3);
  return [
    ...summary.byPackage.slice(0, top.packages).map(([name, time]) => `  ${((time / busy) * 100).toFixed(1).padStart(5)}%  ${perRequest(time)} ms  ${name}`),
    "  -- functions",
    ...summary.byFunction.slice(0, top.functions).map(([name, time]) => `  ${((time / busy) * 100).toFixed(1).padStart(5)}%  ${perRequest(time)} ms  ${name}`),
  ];
}
