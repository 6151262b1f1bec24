import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/*
 * Summarises a V8 .cpuprofile (node --cpu-prof) as text: self time by function and by area
 * (package, app bundle, node internals, GC), and inclusive time of the app's own functions.
 *
 *   BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/api-prof' npm run bench:telemetry -- …
 *   npx ts-node bench/lib/cpu-profile-summary.ts /tmp/api-prof/CPU.*.cpuprofile [--from 30 --to 45]
 *
 * --from/--to (seconds since the profile started, i.e. since the API started) keep only one phase:
 * the bench prints its timeline as `[bench +Ns]`, and the API starts at about +0 s.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

function area(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)' || fn === '(program)') return fn;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.includes('dist/apps/')) return 'app bundle (apps + libs)';
  if (url.startsWith('node:')) return 'node internals';
  return url ? url : '(native)';
}

function label(f: CallFrame): string {
  const file = f.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/');
  return `${f.functionName || '(anonymous)'}  ${file}:${f.lineNumber + 1}`;
}

function top(m: Map<string, number>, total: number, n: number): string {
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, v]) =>
        `  ${((v / total) * 100).toFixed(1).padStart(5)}%  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`,
    )
    .join('\n');
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, top: { type: 'string', default: '25' } },
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: cpu-profile-summary.ts <file.cpuprofile> [--from s] [--to s] [--top n]');
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const from = values.from ? Number(values.from) * 1e6 : -Infinity;
  const to = values.to ? Number(values.to) * 1e6 : Infinity;
  const n = Number(values.top);

  const byId = new Map(p.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of p.nodes) for (const c of node.children ?? []) parent.set(c, node.id);

  const selfFn = new Map<string, number>();
  const selfArea = new Map<string, number>();
  const inclusiveApp = new Map<string, number>();
  // Stretches without an idle sample: the event loop was busy (one task or several back to back).
  const stretches: Array<{ at: number; ms: number; fns: Map<string, number> }> = [];
  let stretch: { at: number; ms: number; fns: Map<string, number> } | undefined;
  let total = 0;
  let busy = 0;
  let t = 0;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    // A sample's time is the gap to the next one.
    const dt = p.timeDeltas[i + 1] ?? 0;
    if (t < from || t > to) continue;
    const node = byId.get(p.samples[i] as number) as ProfileNode;
    const f = node.callFrame;
    total += dt;
    if (f.functionName !== '(idle)') {
      busy += dt;
      stretch ??= { at: t, ms: 0, fns: new Map() };
      stretch.ms += dt / 1000;
      const a0 = area(f.url, f.functionName);
      stretch.fns.set(a0, (stretch.fns.get(a0) ?? 0) + dt / 1000);
    } else if (stretch) {
      stretches.push(stretch);
      stretch = undefined;
    }
    selfFn.set(label(f), (selfFn.get(label(f)) ?? 0) + dt);
    const a = area(f.url, f.functionName);
    selfArea.set(a, (selfArea.get(a) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const cf = (byId.get(id) as ProfileNode).callFrame;
      if (!cf.url.includes('dist/apps/')) continue;
      const l = label(cf);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusiveApp.set(l, (inclusiveApp.get(l) ?? 0) + dt);
    }
  }
  console.log(
    `profile ${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s not idle`,
  );
  console.log(`\nself time by area (% of sampled time)\n${top(selfArea, total, n)}`);
  console.log(`\nself time by function\n${top(selfFn, total, n)}`);
  const longest = stretches.sort((a, b) => b.ms - a.ms).slice(0, 10);
  const lines = longest.map((x) => {
    const what = [...x.fns.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ');
    return `  ${x.ms.toFixed(0).padStart(5)} ms at ${(x.at / 1e6).toFixed(1)} s: ${what}`;
  });
  console.log(`\nlongest busy stretches (event-loop lag; ms by area)\n${lines.join('\n')}`);
  console.log(
    `\ninclusive time of app functions (apps/ + libs/ in the bundle)\n${top(inclusiveApp, total, n)}`,
  );
}

main();
