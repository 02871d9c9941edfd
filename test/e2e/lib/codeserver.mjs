// Start a fresh code-server (own user-data and extensions folders) with an extension installed.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { NODE24, CODE_SERVER, CHROMIUM, TOOLS, findVsix, missing, mkTmp } from './env.mjs';
import { start, stopTree, freePort, waitHttp } from './procs.mjs';

/**
 * The packaged extension and whether a code-server test can run: `skip` is the reason it cannot (its
 * prerequisites or the .vsix missing), or false. With TIFA_E2E_REQUIRE=1 a missing piece is an error.
 * @returns {{ vsix: string | undefined, skip: string | false }}
 */
export function codeServerTestSetup() {
  const vsix = findVsix();
  const lacking = missing(NODE24, CODE_SERVER, CHROMIUM, path.join(TOOLS, 'playwright-core'));
  /** @type {string | false} */
  let skip = false;
  if (lacking.length) skip = `prerequisites missing (${lacking.join(', ')}): run scripts/e2e/setup.sh`;
  else if (!vsix || !fs.existsSync(vsix)) skip = 'no tifa-*.vsix at the repo root (build it with `npm run package`, or set TIFA_VSIX)';
  if (skip && process.env.TIFA_E2E_REQUIRE === '1') throw new Error(`TIFA_E2E_REQUIRE=1 but ${skip}`);
  return { vsix, skip };
}

export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 150,
  'editor.wordWrap': 'on',
  'window.commandCenter': false,
  'workbench.colorTheme': 'Default Light Modern',
};

/** @param {string} cmd @param {string[]} args @param {{ timeoutMs?: number, env?: NodeJS.ProcessEnv }} [opts] */
function run(cmd, args, { timeoutMs = 120000, env } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.stderr.on('data', (d) => {
      out += d;
    });
    const t = setTimeout(() => {
      stopTree(p.pid);
      reject(new Error(`timeout: ${cmd} ${args.join(' ')}\n${out}`));
    }, timeoutMs);
    p.on('exit', (code) => {
      clearTimeout(t);
      stopTree(p.pid, { graceMs: 1000 });
      code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}\n${out}`));
    });
  });
}

/**
 * Make a fresh profile, install `vsix` into it, start code-server on a free 127.0.0.1 port
 * (`extraArgs`: more code-server options, e.g. `--locale zh-cn`; `prepare({ userData, extDir })`: called
 * before code-server starts, to put files into the fresh profile).
 * Returns { url, port, pid, dirs, logFile, stop() }.
 * @param {{ vsix?: string, workspace?: string, settings?: object, trust?: boolean, logDir?: string, extraArgs?: string[], prepare?: (dirs: { userData: string, extDir: string }) => void | Promise<void> }} [opts]
 */
export async function startCodeServer({ vsix, workspace, settings = {}, trust = false, logDir, extraArgs = [], prepare } = {}) {
  const root = mkTmp('cs');
  const userData = path.join(root, 'user-data');
  const extDir = path.join(root, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extDir, { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ ...USER_SETTINGS, 'security.workspace.trust.enabled': trust, ...settings }, null, 2),
  );
  if (prepare) await prepare({ userData, extDir });
  const common = ['--user-data-dir', userData, '--extensions-dir', extDir];
  const env = { ...process.env, PATH: `${path.dirname(NODE24)}:${process.env.PATH}` };
  let installLog = '';
  if (vsix) installLog = await run(NODE24, [CODE_SERVER, ...common, '--install-extension', vsix, '--force'], { env });
  const port = await freePort();
  const logFile = path.join(logDir || root, 'code-server.log');
  const args = [
    CODE_SERVER,
    ...common,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (!trust) args.push('--disable-workspace-trust');
  args.push(...extraArgs);
  if (workspace) args.push(workspace);
  const child = start(NODE24, args, { env, logFile });
  const url = `http://127.0.0.1:${port}/`;
  try {
    await Promise.race([
      waitHttp(`${url}healthz`, 60000),
      child.exited.then((r) => {
        throw new Error(`code-server exited early ${JSON.stringify(r)}; see ${logFile}`);
      }),
    ]);
  } catch (e) {
    await stopTree(child.pid);
    throw e;
  }
  return {
    url,
    port,
    pid: child.pid,
    root,
    userData,
    extDir,
    logFile,
    installLog,
    folderUrl: (folder) => `${url}?folder=${encodeURIComponent(folder)}`,
    stop: () => stopTree(child.pid),
  };
}
