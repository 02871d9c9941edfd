// Process helpers: every process we start gets its own process group; stopping it kills the
// whole tree (the group plus every descendant found in /proc, since code-server's helpers
// may start their own groups), first with SIGTERM, then SIGKILL, with bounded waits.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

const started = new Set();

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions & { logFile?: string }} [opts]
 * @returns {import('node:child_process').ChildProcess & { exited: Promise<{ code: number | null, signal: string | null }> }}
 */
export function start(cmd, args, opts = {}) {
  const { logFile, ...rest } = opts;
  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const child = /** @type {ReturnType<typeof start>} */ (spawn(cmd, args, { detached: true, stdio: ['ignore', out, out], ...rest }));
  if (typeof out === 'number') fs.closeSync(out);
  started.add(child.pid);
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.once('exit', () => started.delete(child.pid));
  return child;
}

function childrenMap() {
  const map = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = +stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
      if (!map.has(ppid)) map.set(ppid, []);
      map.get(ppid).push(+d);
    } catch {
      /* gone */
    }
  }
  return map;
}

export function descendants(pid) {
  const map = childrenMap();
  const out = [];
  const todo = [pid];
  while (todo.length)
    for (const c of map.get(todo.pop()) || []) {
      out.push(c);
      todo.push(c);
    }
  return out;
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const isZombie = (pid) => {
  try {
    return /\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
};

async function waitGone(pids, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pids.every((p) => !alive(p) || isZombie(p))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Stop a process we started, its process group, and all its descendants. */
export async function stopTree(pid, { graceMs = 5000 } = {}) {
  if (!pid) return;
  const pids = [pid, ...descendants(pid)];
  const sig = (s) => {
    try {
      process.kill(-pid, s);
    } catch {
      /* group gone */
    }
    for (const p of pids) {
      try {
        process.kill(p, s);
      } catch {
        /* gone */
      }
    }
  };
  sig('SIGTERM');
  if (!(await waitGone(pids, graceMs))) {
    sig('SIGKILL');
    await waitGone(pids, 2000);
  }
  started.delete(pid);
}

export async function stopAll() {
  await Promise.all([...started].map((p) => stopTree(p)));
}
process.once('exit', () => {
  for (const pid of started) {
    for (const p of [pid, ...descendants(pid)]) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

/** Poll fn() until it returns a truthy value; throws after timeoutMs. */
export async function poll(fn, { timeoutMs = 30000, intervalMs = 200, what = 'condition' } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

export async function waitHttp(url, timeoutMs = 60000) {
  return poll(
    async () => {
      const r = await fetch(url);
      return r.status < 500;
    },
    { timeoutMs, intervalMs: 250, what: url },
  );
}
