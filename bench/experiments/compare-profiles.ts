// Experiment: two sets of V8 CPU profiles (one side's rounds against another's) per request, by package (self time) and
// by the functions whose whole subtree costs most (inclusive time), with the difference.
//   tsx bench/experiments/compare-profiles.ts <requests A> <a.cpuprofile,…> <requests B> <b.cpuprofile,…> [filter]
import { readFileSync } from "node:fs";
import { frameKey, placeOf } from "../lib/profile-summary.ts";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

function load(files: string[]) {
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  for (const file of files) {
    const p = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const t = new Map<number, number>();
    p.samples.forEach((id, i) => t.set(id, (t.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
    for (const [id, time] of t) {
      const n = byId.get(id)!;
      if (n.callFrame.functionName === "(idle)") continue;
      const k = placeOf(n.callFrame.url, n.callFrame.functionName);
      self.set(k, (self.get(k) ?? 0) + time);
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const key = frameKey(byId.get(cur)!.callFrame);
        if (seen.has(key)) continue;
        seen.add(key);
        incl.set(key, (incl.get(key) ?? 0) + time);
      }
    }
  }
  return { self, incl };
}

const [na = "", fa = "", nb = "", fb = "", filter] = process.argv.slice(2);
if (!fa || !fb) throw new Error("usage: compare-profiles.ts <requests A> <a.cpuprofile,…> <requests B> <b.cpuprofile,…> [filter]");
const a = load(fa.split(","));
const b = load(fb.split(","));
const per = (v: number | undefined, n: string) => (v ?? 0) / 1000 / Number(n);
function table(title: string, ma: Map<string, number>, mb: Map<string, number>, top: number) {
  console.log(`== ${title}: A ms/req, B ms/req, B-A`);
  const keys = new Set([...ma.keys(), ...mb.keys()]);
  const rows = [...keys].map((k) => [k, per(ma.get(k), na), per(mb.get(k), nb)] as const).filter(([k]) => !filter || k.includes(filter));
  rows.sort((x, y) => Math.abs(y[2] - y[1]) - Math.abs(x[2] - x[1]));
  for (const [k, x, y] of rows.slice(0, top))
    console.log(`${x.toFixed(3).padStart(7)} ${y.toFixed(3).padStart(7)} ${(y - x >= 0 ? "+" : "") + (y - x).toFixed(3)}  ${k}`);
}
table("self time by package", a.self, b.self, 25);
table("inclusive time by function (largest differences)", a.incl, b.incl, 60);
