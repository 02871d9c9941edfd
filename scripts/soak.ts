// A soak test (not in CI): a scripted LSP session against dist/server.js for 10 minutes — typing,
// deleting, pasting paragraphs, hovers, completions, code actions, opening and closing documents,
// corpus reloads — sampling the server's memory (RSS, from /proc on Linux or `ps` elsewhere) and
// request latencies. It fails (exit 1) if memory keeps growing after the warm-up, if a request fails or
// goes unanswered, or if the last diagnostics of a document do not come for its last version.
//   node --import tsx scripts/soak.ts [--minutes 10] [--seed 1] [--max-growth-mb 150] [--node-args "…"]
// The server runs with the Node options the VS Code client starts it with (client/src/extension.ts),
// or with --node-args (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where its time goes).
// Build first: node scripts/build.mjs
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Json, LspConnection } from '../test/lib/lsp-client';

const root = path.resolve(__dirname, '..');
const arg = (name: string, fallback: string | number): string | number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const minutes = Number(arg('minutes', 10));
const maxGrowthMb = Number(arg('max-growth-mb', 150));
let seed = Number(arg('seed', 1)) >>> 0 || 1;
const rand = (n: number): number => {
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed % n;
};
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)];

// ---------------------------------------------------------------- the LSP client (test/lib/lsp-client.ts)

/** the server's Node options: those of the VS Code client's `run` options, unless given */
function clientNodeArgs(): string[] {
  const source = fs.readFileSync(path.join(root, 'client', 'src', 'extension.ts'), 'utf8');
  const run = /run:\s*\{[^\n]*execArgv:\s*\[([^\]]*)\]/.exec(source);
  return run ? [...run[1].matchAll(/'([^']*)'/g)].map((m) => m[1]) : [];
}
const nodeArgs = process.argv.includes('--node-args') ? String(arg('node-args', '')).split(/\s+/).filter(Boolean) : clientNodeArgs();
const lsp = new LspConnection({ server: path.join(root, 'dist', 'server.js'), env: { TIFA_TODAY: '2026-11-22' }, keep: 0, execArgv: nodeArgs });
const server = lsp.proc;
/** uri → the version of its last diagnostics, and how many were published */
const published = new Map<string, { version: number | undefined; count: number }>();
lsp.onMessage = (msg) => {
  if (msg.method !== 'textDocument/publishDiagnostics') return;
  const p = published.get(msg.params.uri) ?? { version: undefined, count: 0 };
  published.set(msg.params.uri, { version: msg.params.version, count: p.count + 1 });
};
server.on('exit', (code, signal) => {
  if (!finished) {
    console.error(`server exited during the soak: code ${code} signal ${signal}\n${lsp.stderr.slice(-2000)}`);
    process.exit(1);
  }
});

const latencies: Array<{ method: string; ms: number }> = [];
let failures = 0;
async function request(method: string, params: Json, timeoutMs = 30_000): Promise<unknown> {
  const { result, ms } = await lsp.timedRequest(method, params, timeoutMs);
  latencies.push({ method: method === 'workspace/executeCommand' ? params.command : method, ms });
  return result;
}
const notify = (method: string, params: unknown) => lsp.notify(method, params);

// ---------------------------------------------------------------- memory

function rssMb() {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1]) / 1024;
  } catch {
    return (
      Number(
        execFileSync('ps', ['-o', 'rss=', '-p', String(server.pid)])
          .toString()
          .trim(),
      ) / 1024
    );
  }
}

// ---------------------------------------------------------------- the session

const texts = fs
  .readdirSync(path.join(root, 'corpus', 'documents'))
  .filter((f) => f.endsWith('.txt'))
  .map((f) => fs.readFileSync(path.join(root, 'corpus', 'documents', f), 'utf8'));
const paragraphs = texts.flatMap((t) => t.split(/\n\s*\n/)).filter((p) => p.length > 20);
const typed = [...'新质生产力全要素生产率发展高质量，。、“”'];
const docs = new Map(); // uri → { text, version }

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

function edit(uri: string, start: number, end: number, insert: string): void {
  const d = docs.get(uri)!;
  const range = { start: positionAt(d.text, start), end: positionAt(d.text, end) };
  d.text = d.text.slice(0, start) + insert + d.text.slice(end);
  d.version++;
  notify('textDocument/didChange', { textDocument: { uri, version: d.version }, contentChanges: [{ range, text: insert }] });
}

let opened = 0;
function open() {
  const uri = `file:///tmp/soak-${opened++}.${rand(2) ? 'md' : 'txt'}`;
  const text = pick(texts);
  docs.set(uri, { text, version: 1 });
  notify('textDocument/didOpen', { textDocument: { uri, languageId: uri.endsWith('.md') ? 'markdown' : 'plaintext', version: 1, text } });
}

async function step() {
  const uris = [...docs.keys()];
  const uri = pick(uris);
  const d = docs.get(uri);
  const at = rand(d.text.length + 1);
  switch (rand(12)) {
    case 0:
    case 1:
    case 2: // typing a few characters
      for (let i = 0, n = 1 + rand(8); i < n; i++) edit(uri, Math.min(at + i, d.text.length), Math.min(at + i, d.text.length), pick(typed));
      break;
    case 3: // deleting
      edit(uri, at, Math.min(d.text.length, at + 1 + rand(30)), '');
      break;
    case 4: // pasting a paragraph
      edit(uri, at, at, `\n\n${pick(paragraphs)}\n\n`);
      break;
    case 5:
    case 6:
      await request('textDocument/hover', { textDocument: { uri }, position: positionAt(d.text, at) });
      break;
    case 7:
      await request('textDocument/completion', { textDocument: { uri }, position: positionAt(d.text, at) });
      break;
    case 8: {
      const p = positionAt(d.text, at);
      await request('textDocument/codeAction', { textDocument: { uri }, range: { start: p, end: p }, context: { diagnostics: [] } });
      break;
    }
    case 9:
      if (docs.size > 3 && rand(4) === 0) {
        notify('textDocument/didClose', { textDocument: { uri } });
        docs.delete(uri);
      } else if (docs.size < 12) open();
      break;
    case 10:
      await request('workspace/executeCommand', {
        command: pick(['tifa.server.search', 'tifa.server.listQuotations']),
        arguments: [pick(typed) + pick(typed)],
      });
      break;
    case 11:
      if (rand(400) === 0)
        await request('workspace/executeCommand', { command: 'tifa.server.reloadCorpus', arguments: [] }, 60_000); // a corpus file saved now and then
      else if (d.text.length > 400_000) edit(uri, 0, d.text.length - 100_000, ''); // keep documents editor-sized
      break;
  }
}

let finished = false;
const samples: Array<{ t: number; rss: number }> = [];
async function main() {
  await request(
    'initialize',
    {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true, applyEdit: true } },
      initializationOptions: { today: '2026-11-22' },
    },
    60_000,
  );
  notify('initialized', {});
  await request('workspace/executeCommand', { command: 'tifa.server.status', arguments: [] }, 60_000);
  for (let i = 0; i < 4; i++) open();
  const t0 = Date.now();
  const end = t0 + minutes * 60_000;
  let nextSample = t0;
  let steps = 0;
  while (Date.now() < end) {
    try {
      await step();
    } catch (e) {
      failures++;
      console.error(`request failed: ${(e as Error).message}`);
      if (failures > 20) break;
    }
    steps++;
    if (steps % 20 === 0) await new Promise((r) => setTimeout(r, rand(40))); // a writer pauses
    if (Date.now() >= nextSample) {
      samples.push({ t: (Date.now() - t0) / 1000, rss: rssMb() });
      const s = samples[samples.length - 1];
      process.stdout.write(`${s.t.toFixed(0).padStart(5)} s  rss ${s.rss.toFixed(0).padStart(5)} MB  steps ${steps}  open ${docs.size}\n`);
      nextSample += 10_000;
    }
  }
  // the last diagnostics of every open document are for its last version
  const status = (await request('workspace/executeCommand', { command: 'tifa.server.status', arguments: [] })) as Json;
  const stale: string[] = [];
  for (const [uri, d] of docs) {
    const deadline = Date.now() + 60_000;
    while (published.get(uri)?.version !== d.version && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (published.get(uri)?.version !== d.version) stale.push(`${uri}: last diagnostics for version ${published.get(uri)?.version}, document at ${d.version}`);
  }
  finished = true;
  await lsp.request('shutdown', null).catch(() => undefined);
  notify('exit', null);

  const warm = samples.filter((s) => s.t >= Math.min(60, (minutes * 60) / 4));
  const base = Math.min(...warm.slice(0, 3).map((s) => s.rss));
  const last = Math.max(...warm.slice(-3).map((s) => s.rss));
  const peak = Math.max(...samples.map((s) => s.rss));
  console.log(`\nserver: node ${[...nodeArgs, 'dist/server.js'].join(' ')}`);
  console.log(`${minutes} min, ${latencies.length} requests, ${failures} failed; corpus ${status.entries ?? '?'} entries`);
  const methods = [...new Set(latencies.map((l) => l.method))].sort();
  for (const m of methods) {
    const sorted = latencies
      .filter((l) => l.method === m)
      .map((l) => l.ms)
      .sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    console.log(
      `  ${m.padEnd(28)} ${String(sorted.length).padStart(6)} × median ${q(0.5).toFixed(1).padStart(6)} ms  p99 ${q(0.99).toFixed(1).padStart(7)} ms  max ${q(1).toFixed(1).padStart(7)} ms`,
    );
  }
  console.log(
    `memory: after warm-up ${base.toFixed(0)} MB, at the end ${last.toFixed(0)} MB (growth ${(last - base).toFixed(0)} MB, limit ${maxGrowthMb}), peak ${peak.toFixed(0)} MB`,
  );
  // flatness (issue #17: within ±20% after the warm-up): the samples after the warm-up against their median
  const sorted = warm.map((s) => s.rss).sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  const swing = { low: (sorted[0] / median - 1) * 100, high: (sorted[sorted.length - 1] / median - 1) * 100 };
  console.log(
    `flatness after warm-up: ${warm.length} samples, median ${median.toFixed(0)} MB, range ${sorted[0].toFixed(0)}–${sorted[sorted.length - 1].toFixed(0)} MB (${swing.low.toFixed(0)}% / +${swing.high.toFixed(0)}%; ${swing.low >= -20 && swing.high <= 20 ? 'within' : 'outside'} ±20%)`,
  );
  if (process.env.SOAK_JSON)
    fs.writeFileSync(
      process.env.SOAK_JSON,
      JSON.stringify({
        minutes,
        nodeArgs,
        at: new Date().toISOString().slice(0, 16),
        samples,
        base,
        last,
        peak,
        median,
        swing,
        requests: latencies.length,
        failures,
      }),
    );
  const problems = [...stale];
  if (failures) problems.push(`${failures} request(s) failed`);
  if (last - base > maxGrowthMb) problems.push(`memory grew by ${(last - base).toFixed(0)} MB after the warm-up`);
  for (const p of problems) console.log(`FAIL: ${p}`);
  process.exit(problems.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
