// Neovim (Debian's package, headless) as an LSP client of the Tifa language server:
// test/e2e/nvim/check.lua attaches `node <bin tifa-lsp> --stdio` to a Chinese Markdown buffer,
// waits (bounded) for diagnostics, hovers 新质生产力, and writes JSON that this test reads.
// Env: TIFA_LSP (server entry; default package.json bin tifa-lsp, else dist/server.js),
//      TIFA_E2E_REQUIRE=1 (fail instead of skip when nvim or the server is missing).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { NVIM, FIXTURES, E2E_DIR, ARTIFACTS, findServer, mkTmp, missing } from './lib/env.mjs';
import { stopTree } from './lib/procs.mjs';

const WRONG = '发展新质生产力是推动高质量发展的内在要求和重要抓手';
const server = findServer();
/** @type {string | false} */
let skip = false;
if (missing(NVIM).length) skip = 'nvim missing: run scripts/e2e/setup.sh';
else if (!server) skip = 'no language server: package.json bin tifa-lsp / dist/server.js not built (npm run build), or set TIFA_LSP';
if (skip && process.env.TIFA_E2E_REQUIRE === '1') throw new Error(`TIFA_E2E_REQUIRE=1 but ${skip}`);

function runNvim(env, timeoutMs) {
  return new Promise((resolve, reject) => {
    const p = spawn(NVIM, ['--headless', '--clean', '-n', '-i', 'NONE', '-u', path.join(E2E_DIR, 'nvim', 'check.lua')], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.stderr.on('data', (d) => {
      out += d;
    });
    const t = setTimeout(async () => {
      await stopTree(p.pid);
      reject(new Error(`nvim did not finish in ${timeoutMs} ms\n${out}`));
    }, timeoutMs);
    p.on('exit', async (code) => {
      clearTimeout(t);
      await stopTree(p.pid, { graceMs: 1000 });
      resolve({ code, out });
    });
  });
}

describe('Tifa language server in Neovim', { skip, timeout: 120000 }, () => {
  let result;

  it('attaches to a Chinese Markdown buffer and answers', async () => {
    const root = mkTmp('nvim');
    const file = path.join(root, 'report.md');
    fs.copyFileSync(path.join(FIXTURES, 'workspace', 'report.md'), file);
    const outFile = path.join(root, 'result.json');
    const home = path.join(root, 'home');
    fs.mkdirSync(home);
    const t0 = Date.now();
    const { code, out } = await runNvim(
      {
        TIFA_NVIM_CMD: JSON.stringify([process.execPath, server, '--stdio']),
        TIFA_NVIM_FILE: file,
        TIFA_NVIM_OUT: outFile,
        TIFA_NVIM_TIMEOUT_MS: '30000',
        XDG_CONFIG_HOME: path.join(home, 'config'),
        XDG_DATA_HOME: path.join(home, 'data'),
        XDG_STATE_HOME: path.join(home, 'state'),
        XDG_CACHE_HOME: path.join(home, 'cache'),
      },
      90000,
    );
    assert.ok(fs.existsSync(outFile), `nvim wrote no result (exit ${code})\n${out}`);
    result = JSON.parse(fs.readFileSync(outFile, 'utf8'));
    result.elapsed_ms = Date.now() - t0;
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'neovim-result.json'), JSON.stringify(result, null, 2));
    assert.equal(result.error, undefined, `Lua error: ${result.error}`);
    assert.ok(result.steps.includes('initialized'), JSON.stringify(result.steps));
  });

  it('shows a diagnostic on the misquotation', () => {
    assert.ok(result, 'previous step produced a result');
    const d = (result.diagnostics || []).find((x) => x.text && (WRONG.includes(x.text) || x.text.includes('抓手')));
    assert.ok(d, `a diagnostic covering the misquotation; got ${JSON.stringify(result.diagnostics)}`);
    assert.ok(/tifa/i.test(String(d.source)) || d.message.length > 0, JSON.stringify(d));
  });

  it('hover on 新质生产力 gives the official definition with its source', () => {
    assert.ok(result, 'previous step produced a result');
    assert.ok(result.hover, `no hover (error: ${result.hover_error})`);
    assert.match(result.hover, /创新起主导作用/);
    assert.match(result.hover, /新华社/);
    assert.match(result.hover, /2024/);
  });
});
