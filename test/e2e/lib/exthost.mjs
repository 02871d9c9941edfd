// Run the mocha suite test/e2e/exthost/suite.js inside a real VS Code extension host.
//
// Route A (works here): VS Code's own server shipped inside the code-server package
// (lib/vscode/out/server-main.js) started with --enable-smoke-test-driver, which makes the web
// workbench honour the `payload` URL parameter (extensionDevelopmentPath, extensionTestsPath,
// extensionEnvironment). Headless Chromium opens the workbench; the remote extension host loads
// the development extension and calls run() from exthost/index.js; when run() settles the
// workbench calls window.codeAutomationExit(code, logs), which we expose via Playwright.
//
// Route B: desktop VS Code through @vscode/test-electron runTests(), when VSCODE_EXECUTABLE_PATH
// points at a VS Code binary (none can be installed or downloaded on this machine).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { NODE24, VSCODE_SERVER, TOOLS, FIXTURES, E2E_DIR, REPO, ARTIFACTS, mkTmp, copyDir, findVsix, requireTool } from './env.mjs';
import { start, stopTree, freePort, waitHttp, poll } from './procs.mjs';
import { launchBrowser } from './workbench.mjs';
import { USER_SETTINGS } from './codeserver.mjs';

export const TESTS_ENTRY = path.join(E2E_DIR, 'exthost', 'index.js');

/**
 * Folder to load as the development extension: $TIFA_EXT_DEV_PATH, else the repo root when its
 * package.json `main` is built, else the unpacked .vsix (`extension/` inside the zip).
 */
export function devExtensionPath() {
  if (process.env.TIFA_EXT_DEV_PATH) return path.resolve(process.env.TIFA_EXT_DEV_PATH);
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    if (pkg.main && (fs.existsSync(path.resolve(REPO, pkg.main)) || fs.existsSync(path.resolve(REPO, `${pkg.main}.js`)))) return REPO;
  } catch {
    /* no package.json yet */
  }
  const vsix = findVsix();
  if (!vsix || !fs.existsSync(vsix)) return undefined;
  const dir = mkTmp('vsix');
  execFileSync('python3', ['-c', 'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', vsix, dir]);
  return path.join(dir, 'extension');
}

function workspaceCopy(root) {
  return copyDir(path.join(FIXTURES, 'workspace'), path.join(root, 'workspace'));
}

function readResult(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Route A. Returns { code, result, logFile }.
 * @param {{ devPath?: string, timeoutMs?: number, logDir?: string }} [opts]
 */
export async function runInVsCodeServer({ devPath, timeoutMs = 240000, logDir = ARTIFACTS } = {}) {
  const root = mkTmp('exthost');
  const ws = workspaceCopy(root);
  const resultFile = path.join(root, 'result.json');
  fs.mkdirSync(path.join(root, 'user-data', 'User'), { recursive: true });
  fs.writeFileSync(path.join(root, 'user-data', 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, 'exthost-server.log');
  fs.writeFileSync(logFile, '');
  const port = await freePort();
  const env = { ...process.env, PATH: `${path.dirname(NODE24)}:${process.env.PATH}`, TIFA_E2E_TOOLS: TOOLS };
  const server = start(
    NODE24,
    [
      VSCODE_SERVER,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-workspace-trust',
      '--disable-telemetry',
      '--telemetry-level',
      'off',
      '--user-data-dir',
      path.join(root, 'user-data'),
      '--server-data-dir',
      path.join(root, 'server-data'),
      '--extensions-dir',
      path.join(root, 'extensions'),
    ],
    { env, logFile },
  );
  let browser;
  const consoleLines = [];
  try {
    await Promise.race([
      waitHttp(`http://127.0.0.1:${port}/version`, 60000),
      server.exited.then((r) => {
        throw new Error(`VS Code server exited early ${JSON.stringify(r)}; see ${logFile}`);
      }),
    ]);
    browser = await launchBrowser();
    const page = await browser.newPage();
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    /** @type {{ code: number, logs?: unknown } | undefined} */
    let exit;
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      exit = { code, logs };
    });
    const auth = `127.0.0.1:${port}`;
    const remote = (p) => `vscode-remote://${auth}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(devPath)],
      ['extensionTestsPath', remote(TESTS_ENTRY)],
      ['extensionEnvironment', JSON.stringify({ TIFA_EXTHOST_RESULT: resultFile, TIFA_E2E_TOOLS: TOOLS })],
    ];
    await page.goto(`http://${auth}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    await poll(() => exit, { timeoutMs, intervalMs: 250, what: 'the extension tests to finish (window.codeAutomationExit)' });
    return { code: exit?.code, result: readResult(resultFile), logFile, console: consoleLines };
  } finally {
    fs.writeFileSync(path.join(logDir, 'exthost-browser-console.log'), consoleLines.join('\n'));
    await browser?.close().catch(() => {});
    await stopTree(server.pid);
  }
}

/**
 * Route B. Returns { code, result }.
 * @param {{ devPath?: string, vscodeExecutablePath?: string, timeoutMs?: number }} [opts]
 */
export async function runInElectron({ devPath, vscodeExecutablePath, timeoutMs = 300000 } = {}) {
  const { runTests } = requireTool('@vscode/test-electron');
  const root = mkTmp('electron');
  const ws = workspaceCopy(root);
  const resultFile = path.join(root, 'result.json');
  const run = runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: devPath,
    extensionTestsPath: TESTS_ENTRY,
    extensionTestsEnv: { TIFA_EXTHOST_RESULT: resultFile, TIFA_E2E_TOOLS: TOOLS },
    launchArgs: [
      ws,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--disable-gpu',
      '--no-sandbox',
      '--user-data-dir',
      path.join(root, 'user-data'),
      '--extensions-dir',
      path.join(root, 'extensions'),
    ],
  });
  let timer;
  const code = await Promise.race([
    run.then(
      () => 0,
      (e) => (typeof e === 'number' ? e : 1),
    ),
    new Promise((_, rej) => {
      timer = setTimeout(() => rej(new Error(`test-electron timed out after ${timeoutMs} ms`)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  return { code, result: readResult(resultFile) };
}
