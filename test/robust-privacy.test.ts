// Trust and privacy: the server and the CLI open no network connection while they load, check, hover
// and complete; in Restricted Mode (initializationOptions.trusted === false) the server uses the
// built-in corpus only, whatever the workspace configures.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CLI, positionOf, ROOT, TODAY, tmpDir } from './helpers';
import { RobustClient } from './robust-client';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A preload (node --require) that replaces every way Node has to reach the network with a function
 * that records the attempt (with its stack) in a log file and throws: TCP/IPC sockets, TLS, UDP, DNS,
 * HTTP(S), fetch, and listening servers.
 */
function denyNetwork(dir: string): { env: NodeJS.ProcessEnv; attempts: () => string[] } {
  const log = path.join(dir, 'network-attempts.log');
  const preload = path.join(dir, 'deny-network.js');
  fs.writeFileSync(
    preload,
    `'use strict';
const fs = require('fs');
const LOG = ${JSON.stringify(log)};
function deny(what) {
  return function () {
    fs.appendFileSync(LOG, what + ' ' + JSON.stringify([].slice.call(arguments, 0, 2).map(String)) + '\\n' + new Error().stack + '\\n----\\n');
    throw new Error('network access denied by test: ' + what);
  };
}
const net = require('net');
net.Socket.prototype.connect = deny('net.Socket.connect');
net.Server.prototype.listen = deny('net.Server.listen');
net.connect = net.createConnection = deny('net.connect');
const tls = require('tls');
tls.connect = deny('tls.connect');
const dgram = require('dgram');
dgram.createSocket = deny('dgram.createSocket');
const dns = require('dns');
for (const k of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveTxt', 'reverse']) dns[k] = deny('dns.' + k);
for (const k of ['lookup', 'resolve', 'resolve4', 'resolve6']) dns.promises[k] = deny('dns.promises.' + k);
for (const m of ['http', 'https', 'http2']) {
  const mod = require(m);
  for (const k of ['request', 'get', 'connect', 'createServer']) if (typeof mod[k] === 'function') mod[k] = deny(m + '.' + k);
}
if (typeof globalThis.fetch === 'function') globalThis.fetch = deny('fetch');
if (typeof globalThis.WebSocket === 'function') globalThis.WebSocket = deny('WebSocket');
`,
  );
  return {
    env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim() },
    attempts: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n----\n').filter(Boolean) : []),
  };
}

/** Socket file descriptors of a process other than its stdio (which node's spawn makes socket pairs). */
function socketFds(pid: number): string[] {
  const out: string[] = [];
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    if (Number(fd) <= 2) continue;
    try {
      const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (target.startsWith('socket:')) out.push(`${fd} -> ${target}`);
    } catch {
      /* closed meanwhile */
    }
  }
  return out;
}

const USER_TERM = `kind: terms
entries:
  - id: xinzhi-shengchanli
    term: 新质生产力
    definition:
      kind: explanation
      text: 工作区语料中的说明（不应在受限模式下出现）。
      source: { title: 工作区文件, publisher: 工作区, date: "2025-01-01" }
    tests: { pass: ["新质生产力"] }
`;

describe('no network', () => {
  test('the language server opens no socket while it loads a corpus, checks, hovers, completes and runs its commands', async () => {
    const dir = tmpDir('privacy');
    const corpus = path.join(dir, 'corpus');
    fs.mkdirSync(corpus);
    fs.writeFileSync(path.join(corpus, 'terms.yaml'), USER_TERM);
    const deny = denyNetwork(dir);
    const lsp = new RobustClient(['--stdio'], { ...deny.env, TIFA_CACHE_DIR: path.join(dir, 'cache') });
    try {
      lsp.configuration = { corpus: { paths: [corpus] }, quotation: { insertStyle: 'lead' }, severity: {} };
      await lsp.initialize();
      const uri = 'file:///tmp/privacy.md';
      const text = fs.readFileSync(path.join(ROOT, 'corpus', 'documents', '004-yantao-fayan-10pian.txt'), 'utf8') + '\n我们要深刻认识到，着力点';
      lsp.open(uri, text, 'markdown', 1);
      const diags = await lsp.diagnosticsWithin(uri, 1, 30_000);
      assert.ok(diags.length > 3);
      const fds: string[] = [];
      for (const needle of ['新质生产力', '全要素生产率', '着力点']) {
        await lsp.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, needle, 1) });
        await lsp.request('textDocument/completion', { textDocument: { uri }, position: positionOf(text, needle, needle.length) });
        fds.push(...socketFds(lsp.proc.pid!));
      }
      await lsp.request('textDocument/codeAction', { textDocument: { uri }, range: diags[0].range, context: { diagnostics: [diags[0]] } });
      for (const command of ['tifa.server.search', 'tifa.server.listQuotations', 'tifa.server.status', 'tifa.server.reloadCorpus']) {
        await lsp.request('workspace/executeCommand', { command, arguments: ['新质生产力'] }, 30_000);
      }
      lsp.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: text + '新质2产力' }] });
      await lsp.diagnosticsWithin(uri, 2, 30_000);
      fds.push(...socketFds(lsp.proc.pid!));
      assert.deepEqual(fds, [], 'socket file descriptors besides stdio');
      assert.deepEqual(deny.attempts(), [], 'network attempts recorded by the preload');
      assert.equal(await lsp.shutdown(), 0);
    } finally {
      lsp.kill();
    }
    // the preload does catch an attempt (so silence above means something)
    const probe = spawnSync(process.execPath, ['-e', "require('net').connect(9, '127.0.0.1')"], { env: { ...process.env, ...deny.env }, encoding: 'utf8' });
    assert.notEqual(probe.status, 0);
    assert.equal(deny.attempts().length, 1);
  });

  test('the CLI opens no socket while it checks files and the corpus', () => {
    const dir = tmpDir('privacy-cli');
    const deny = denyNetwork(dir);
    const env = { ...process.env, ...deny.env, TIFA_TODAY: TODAY, TIFA_CACHE_DIR: path.join(dir, 'cache') };
    const runs = [
      ['check', '--format', 'json', path.join(ROOT, 'corpus', 'documents')],
      ['corpus', 'check'],
      ['corpus', 'stats', '--format', 'json'],
    ];
    for (const args of runs) {
      const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 60_000 });
      // (the exit code depends on the corpus and the files; what matters here is that the run completes)
      assert.ok(
        r.status !== null && r.status <= 2 && !/internal error|network access denied/.test(r.stderr),
        `${args.join(' ')}: exit ${r.status} ${r.stderr}`,
      );
    }
    assert.deepEqual(deny.attempts(), []);
  });
});

describe('Restricted Mode', () => {
  test('with trusted === false a configured corpus folder is ignored, at start, on a configuration change and on reload', async () => {
    const dir = tmpDir('restricted');
    fs.writeFileSync(path.join(dir, 'terms.yaml'), USER_TERM);
    const lsp = new RobustClient();
    try {
      lsp.configuration = { corpus: { paths: [dir] }, quotation: { insertStyle: 'lead' }, severity: {} };
      await lsp.initialize({ trusted: false });
      const uri = 'file:///tmp/restricted.md';
      const text = '发展新质生产力。';
      lsp.open(uri, text);
      const builtinOnly = async (when: string) => {
        const hover = await lsp.request<Json>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '新质') });
        assert.doesNotMatch(hover.contents.value, /工作区语料/, when);
        assert.match(hover.contents.value, /创新起主导作用/, when);
        const status = await lsp.request<Json>('workspace/executeCommand', { command: 'tifa.server.status', arguments: [] });
        assert.deepEqual(
          status.folders.map((f: Json) => f.name),
          ['built-in'],
          when,
        );
      };
      await builtinOnly('at start');
      const mark = lsp.notifications.length;
      lsp.notify('workspace/didChangeConfiguration', { settings: { tifa: lsp.configuration } });
      lsp.configuration = { ...lsp.configuration, corpus: { paths: [dir, path.join(dir, 'other')] } };
      lsp.notify('workspace/didChangeConfiguration', { settings: { tifa: lsp.configuration } });
      await lsp.waitFor((n) => n.method === 'workspace/configuration' && lsp.notifications.indexOf(n) >= mark, 20_000, 'settings re-read');
      await builtinOnly('after a configuration change');
      await lsp.request('workspace/executeCommand', { command: 'tifa.server.reloadCorpus', arguments: [] }, 30_000);
      await builtinOnly('after a reload');
      // and no problem is ever reported on the workspace corpus file: it was never read
      assert.ok(!lsp.notifications.some((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri.includes(path.basename(dir))));
    } finally {
      lsp.kill();
    }
    // the same configuration in a trusted workspace does use the folder (so the test above means something)
    const trusted = new RobustClient();
    try {
      trusted.configuration = { corpus: { paths: [dir] }, quotation: { insertStyle: 'lead' }, severity: {} };
      await trusted.initialize({ trusted: true });
      const uri = 'file:///tmp/trusted.md';
      trusted.open(uri, '发展新质生产力。');
      const hover = await trusted.request<Json>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
      assert.match(hover.contents.value, /工作区语料/);
    } finally {
      trusted.kill();
    }
  });
});
