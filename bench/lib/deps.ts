// Peers for the side-by-side benchmarks, installed into bench/.deps (gitignored) by the bench itself.
// Idempotent: a package already installed at the pinned version is not installed again; the time and
// outcome of each fresh install are recorded in bench/.deps/install.json and reported from there.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './stats';

export const DEPS = path.join(ROOT, 'bench', '.deps');

export interface Peer {
  name: string;
  version: string;
  /** extra environment for npm (nodejieba's install script runs `npx node-pre-gyp`, which needs yes=true) */
  env?: NodeJS.ProcessEnv;
}

export const PEERS: Peer[] = [
  { name: 'textlint', version: '15.8.0' },
  { name: 'textlint-rule-prh', version: '6.1.0' },
  { name: '@node-rs/jieba', version: '2.0.2' },
  { name: 'nodejieba', version: '3.5.8', env: { npm_config_yes: 'true' } },
];

export interface InstallRecord {
  name: string;
  version: string;
  ok: boolean;
  seconds: number;
  /** when this install ran (ISO) */
  at: string;
  command: string;
  note?: string;
}

const LOG = () => path.join(DEPS, 'install.json');

export function installedVersion(name: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(DEPS, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

export function installLog(): InstallRecord[] {
  try {
    return JSON.parse(fs.readFileSync(LOG(), 'utf8')) as InstallRecord[];
  } catch {
    return [];
  }
}

/** Installs each peer that is missing (one npm call per package, timed). */
export function ensurePeers(log: (s: string) => void = () => undefined): InstallRecord[] {
  fs.mkdirSync(DEPS, { recursive: true });
  const pkg = path.join(DEPS, 'package.json');
  if (!fs.existsSync(pkg)) fs.writeFileSync(pkg, JSON.stringify({ name: 'tifa-bench-peers', private: true }, null, 2) + '\n');
  const records = installLog().filter((r) => PEERS.some((p) => p.name === r.name && p.version === r.version));
  for (const peer of PEERS) {
    if (installedVersion(peer.name) === peer.version) continue;
    const spec = `${peer.name}@${peer.version}`;
    const args = ['install', '--prefix', DEPS, '--no-audit', '--no-fund', '--save-exact', spec];
    const command = `${Object.entries(peer.env ?? {})
      .map(([k, v]) => `${k}=${v} `)
      .join('')}npm ${args.join(' ').replace(DEPS, 'bench/.deps')}`;
    log(`installing ${spec} into bench/.deps …`);
    const t = performance.now();
    const r = spawnSync('npm', args, { cwd: DEPS, encoding: 'utf8', env: { ...process.env, ...peer.env }, timeout: 20 * 60_000 });
    const seconds = (performance.now() - t) / 1000;
    const ok = r.status === 0 && installedVersion(peer.name) === peer.version;
    const note = ok ? undefined : (r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' ');
    const i = records.findIndex((x) => x.name === peer.name);
    if (i >= 0) records.splice(i, 1);
    records.push({ name: peer.name, version: peer.version, ok, seconds, at: new Date().toISOString(), command, note });
    fs.writeFileSync(LOG(), JSON.stringify(records, null, 2) + '\n');
    log(`  ${ok ? 'ok' : 'FAILED'} in ${seconds.toFixed(1)} s`);
  }
  return records;
}

export function peerPath(...parts: string[]): string {
  return path.join(DEPS, 'node_modules', ...parts);
}
