// Entry point for --extensionTestsPath: VS Code's extension host calls run() and waits for it.
// Loads mocha (from the project's node_modules, or from the e2e tools cache made by
// scripts/e2e/setup.sh) and runs suite.js. Results go to the extension host's console and,
// when TIFA_EXTHOST_RESULT is set, to that JSON file.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');

function loadMocha() {
  const tries = [
    () => require('mocha'),
    () => require(path.join(process.env.TIFA_E2E_TOOLS || path.join(os.homedir(), '.cache', 'tifa-e2e', 'tools', 'node_modules'), 'mocha')),
  ];
  for (const t of tries) {
    try {
      return t();
    } catch {
      /* next */
    }
  }
  throw new Error('mocha not found: run scripts/e2e/setup.sh (or npm i -D mocha)');
}

function resultFile() {
  if (process.env.TIFA_EXTHOST_RESULT) return process.env.TIFA_EXTHOST_RESULT;
  // code-server route: the workbench cannot pass env to the remote extension host, so the
  // runner drops a marker file in the workspace folder naming the result file.
  try {
    const vscode = require('vscode');
    for (const f of vscode.workspace.workspaceFolders || []) {
      const p = path.join(f.uri.fsPath, '.tifa-exthost-result');
      if (fs.existsSync(p)) return fs.readFileSync(p, 'utf8').trim();
    }
  } catch {
    /* not in VS Code */
  }
  return undefined;
}

exports.run = function run() {
  const Mocha = loadMocha();
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'suite.js'));
  const out = resultFile();
  const results = { passed: [], failed: [], pending: [] };
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        if (out) fs.writeFileSync(out, JSON.stringify({ failures, ...results }, null, 2));
        failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve();
      });
      runner.on('pass', (t) => results.passed.push(t.fullTitle()));
      runner.on('fail', (t, err) => results.failed.push({ title: t.fullTitle(), error: String(err && (err.stack || err.message || err)) }));
      runner.on('pending', (t) => results.pending.push(t.fullTitle()));
    } catch (e) {
      if (out) fs.writeFileSync(out, JSON.stringify({ failures: 1, error: String(e.stack || e) }));
      reject(e);
    }
  });
};
