// The language server under stress: huge and strange documents, edit storms, malformed messages.
// It must stay responsive, keep its memory bounded, and its last diagnostics must always match the
// final text (compared with the core's own result). Waits are on events, each with a bound.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { Checker } from '../server/src/core/check';
import { LineIndex } from '../server/src/shared/positions';
import { builtinCorpus, ROOT, TODAY } from './helpers';
import { RobustClient } from './robust-client';
import { applyLspEdit, FUZZ, fragment } from './robust-gen';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SEVERITY: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4 };

/** What the server should publish for `text`: code, range and severity of every finding of the core. */
function expected(text: string, markdown: boolean): string[] {
  const r = new Checker(builtinCorpus().index).check(text, { markdown, today: TODAY });
  const lines = new LineIndex(text);
  return r.findings.map((f) => show(f.code, lines.range(f.start, f.end), SEVERITY[f.severity]));
}

function show(code: unknown, range: Json, severity: unknown): string {
  return `${code} ${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character} ${severity}`;
}

function published(diags: Json[]): string[] {
  return diags.map((d) => show(d.code, d.range, d.severity));
}

function corpusText(name: string): string {
  return fs.readFileSync(path.join(ROOT, 'corpus', 'documents', name), 'utf8');
}

/** A position inside `text` (on a line, at most at its end), chosen by two numbers. */
function positionIn(text: string, a: number, b: number): { line: number; character: number } {
  const lines = text.split(/\r\n|\r|\n/);
  const line = a % lines.length;
  return { line, character: b % (lines[line].length + 1) };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

describe('huge and strange documents', () => {
  let lsp: RobustClient;
  before(async () => {
    lsp = new RobustClient();
    await lsp.initialize();
  });
  after(() => lsp.kill());

  test('a 10 MB document: hovers on another document are answered while it is checked, before its diagnostics; memory stays bounded', async (t) => {
    const small = 'file:///tmp/robust-small.md';
    lsp.open(small, '加快发展新质生产力。\n');
    await lsp.diagnosticsWithin(small, 1, 20_000);
    // 10 MB of real prose (corpus document 001), one paragraph in 600 distinct, one in 40 with a term typo
    const paras = corpusText('001-zhang-laiming.txt').split(/\n\s*\n/);
    const parts: string[] = [];
    let bytes = 0;
    for (let i = 0; bytes < 10 * 1024 * 1024; i++) {
      const p = `${i % 600}、${paras[i % paras.length]}${i % 40 === 0 ? '全要素生产力不断提高。' : ''}\n\n`;
      parts.push(p);
      bytes += Buffer.byteLength(p);
    }
    const big = parts.join('');
    const uri = 'file:///tmp/robust-10mb.md';
    lsp.open(uri, big, 'markdown', 1);
    let done = false;
    const diags = lsp.diagnosticsWithin(uri, 1, 120_000).then((d) => {
      done = true;
      return d;
    });
    const hover = () => lsp.request('textDocument/hover', { textDocument: { uri: small }, position: { line: 0, character: 6 } }, 30_000);
    await hover(); // the open has been read (parsing a 10 MB message is not the check)
    const latencies: number[] = [];
    while (!done) {
      const t0 = performance.now();
      const h = await hover();
      if (done) break; // answered after the diagnostics: not "while it is checked"
      latencies.push(performance.now() - t0);
      assert.ok(h?.contents?.value, 'hover answered with content');
    }
    const d = await diags;
    // one hover at a time, each sent when the last was answered: many answered before the diagnostics
    // means the check gave way to them again and again (how fast they are is measured by npm run bench)
    assert.ok(latencies.length >= 3, `only ${latencies.length} hover(s) answered while the document was checked`);
    const report = `hovers during the check: ${latencies.length}, median ${percentile(latencies, 0.5).toFixed(0)} ms, p90 ${percentile(latencies, 0.9).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`;
    assert.deepEqual(published(d), expected(big, true));
    // hover and completion on the big document itself, at its last line: answered (bounded by the request time-out)
    const last = positionIn(big, big.split('\n').length - 3, 5);
    const h = await lsp.request('textDocument/hover', { textDocument: { uri }, position: last }, 20_000);
    const c = await lsp.request('textDocument/completion', { textDocument: { uri }, position: last }, 20_000);
    assert.ok(h !== undefined && c !== undefined, 'hover and completion answered on the 10 MB document');
    const mem = lsp.memory();
    t.diagnostic(`${report}; server memory now ${mem.rss.toFixed(0)} MB, peak ${mem.peak.toFixed(0)} MB`);
    assert.ok(mem.peak < 768, `server peak memory ${mem.peak.toFixed(0)} MB`);
    lsp.notify('textDocument/didClose', { textDocument: { uri } });
    await lsp.waitFor((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri && n.params.diagnostics.length === 0, 20_000, 'cleared');
  });

  test('a document with a finding on every line (100,000 findings): diagnostics are capped and the server stays responsive', async () => {
    const uri = 'file:///tmp/robust-many.txt';
    const text = '全要素生产力\n'.repeat(100_000);
    lsp.open(uri, text, 'plaintext', 1);
    let published = false;
    const diags = lsp.diagnosticsWithin(uri, 1, 120_000).then((d) => {
      published = true;
      return d;
    });
    await lsp.request('textDocument/hover', { textDocument: { uri: 'file:///nowhere.md' }, position: { line: 0, character: 0 } }, 30_000);
    await lsp.request('textDocument/hover', { textDocument: { uri: 'file:///nowhere.md' }, position: { line: 0, character: 0 } }, 30_000);
    assert.equal(published, false, 'both hovers were answered before the diagnostics of the 100,000-finding document');
    const d = await diags;
    assert.ok(d.length <= 2000, `${d.length} diagnostics published for one document`);
    lsp.notify('textDocument/didClose', { textDocument: { uri } });
  });

  test('binary content, NUL bytes, invalid UTF-8 (decoded with U+FFFD), lone surrogates: diagnostics match the core; hover and completion answer', async () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const bytes = Buffer.from(Array.from({ length: 200_000 }, rand));
    const corpus = Buffer.from(corpusText('004-yantao-fayan-10pian.txt'));
    const mixed = Buffer.concat([bytes.subarray(0, 50_000), corpus, bytes.subarray(50_000), corpus]);
    const docs: Array<[string, string, string]> = [
      ['file:///tmp/robust-bin-utf8.txt', new TextDecoder('utf-8').decode(mixed), 'plaintext'],
      ['file:///tmp/robust-bin-latin1.md', mixed.toString('latin1'), 'markdown'],
      ['file:///tmp/robust-bin-nul.md', '\u0000'.repeat(1000) + corpusText('003-liaocheng-lilun.txt').replace(/。/g, '。\u0000'), 'markdown'],
      ['file:///tmp/robust-bin-surrogates.txt', corpusText('002-xinzhi-wenzhang-huibian.txt').replace(/生/g, '\ud800').replace(/产/g, '\udc00生'), 'plaintext'],
    ];
    for (const [uri, text, lang] of docs) lsp.open(uri, text, lang, 7);
    for (const [uri, text, lang] of docs) {
      const d = await lsp.diagnosticsWithin(uri, 7, 60_000);
      assert.deepEqual(published(d), expected(text, lang === 'markdown'), uri);
      for (let i = 0; i < 5; i++) {
        const position = positionIn(text, i * 7919, i * 104_729);
        const h = await lsp.request('textDocument/hover', { textDocument: { uri }, position });
        assert.ok(h === null || typeof h.contents.value === 'string');
        const list = await lsp.request<Json>('textDocument/completion', { textDocument: { uri }, position });
        assert.ok(Array.isArray(list.items));
      }
      lsp.notify('textDocument/didClose', { textDocument: { uri } });
    }
  });

  test('a 50,000-line file: diagnostics match the core; an edit at its end is re-checked; hover and completion at its last line', async () => {
    const base = corpusText('004-yantao-fayan-10pian.txt').split('\n');
    const lines: string[] = [];
    for (let i = 0; lines.length < 50_000; i++) lines.push(i % 97 === 0 ? `${i}：${base[i % base.length]}` : `第${i}行。`);
    const text = lines.join('\n');
    const uri = 'file:///tmp/robust-50k.md';
    lsp.open(uri, text, 'markdown', 1);
    const first = await lsp.diagnosticsWithin(uri, 1, 60_000);
    assert.deepEqual(published(first), expected(text, true));
    assert.ok(first.length > 10);
    const end = { line: 49_999, character: lines[49_999].length };
    // (how fast an edit is re-checked is measured by npm run bench, not asserted here)
    lsp.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: end, end }, text: '全要素生产力' }] });
    const second = await lsp.diagnosticsWithin(uri, 2, 30_000);
    const text2 = text + '全要素生产力';
    assert.deepEqual(published(second), expected(text2, true));
    const h = await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 49_999, character: end.character + 2 } });
    assert.ok(h === null || typeof h.contents.value === 'string');
    await lsp.request('textDocument/completion', { textDocument: { uri }, position: { line: 49_999, character: end.character + 6 } });
    lsp.notify('textDocument/didClose', { textDocument: { uri } });
  });
});

describe('edit storms', () => {
  let lsp: RobustClient;
  before(async () => {
    lsp = new RobustClient();
    await lsp.initialize();
  });
  after(() => lsp.kill());

  /** The server's idea of the document's end, from an insertion it applies there. */
  async function serverEnd(uri: string): Promise<Json> {
    const list = await lsp.request<Json[]>('workspace/executeCommand', { command: 'tifa.server.listQuotations', arguments: ['着力点'] });
    await lsp.request('workspace/executeCommand', {
      command: 'tifa.server.insertQuotation',
      arguments: [{ uri, position: { line: 1e9, character: 1e9 }, id: list[0].id }],
    });
    return lsp.appliedEdits.at(-1)!.edit.changes[uri][0].range.start;
  }

  function endOf(text: string): Json {
    const lines = text.split(/\r\n|\r|\n/);
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
  }

  test('1,000 incremental edits in quick succession: the last diagnostics match the final text, and nothing older is published after them', async () => {
    const uri = 'file:///tmp/robust-storm.md';
    let text = corpusText('004-yantao-fayan-10pian.txt').slice(0, 6000);
    lsp.open(uri, text, 'markdown', 1);
    const edits = fc.sample(fc.tuple(fc.nat(), fc.nat(), fc.nat({ max: 12 }), fc.oneof(fragment(), fc.constant('')), fc.boolean()), {
      numRuns: 1000,
      seed: FUZZ.seed,
    });
    let version = 1;
    for (const [a, b, len, insert, full] of edits) {
      version++;
      if (full && version % 50 === 0) {
        // now and then a full-text change, as some clients send
        text = text.slice(0, text.length >> 1) + insert;
        lsp.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
        continue;
      }
      const start = positionIn(text, a, b);
      const lines = text.split(/\r\n|\r|\n/);
      const endLine = Math.min(lines.length - 1, start.line + (len > 9 ? 1 : 0));
      const end =
        endLine === start.line
          ? { line: endLine, character: Math.min(lines[endLine].length, start.character + len) }
          : { line: endLine, character: Math.min(lines[endLine].length, len) };
      text = applyLspEdit(text, { start, end }, insert);
      lsp.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start, end }, text: insert }] });
    }
    const final = await lsp.diagnosticsWithin(uri, version, 60_000);
    assert.deepEqual(published(final), expected(text, true));
    assert.deepEqual(await serverEnd(uri), endOf(text), 'the server holds the same text');
    const all = lsp.published(uri);
    const firstFinal = all.findIndex((p) => p.version === version);
    assert.deepEqual(
      all
        .slice(firstFinal)
        .filter((p) => p.version !== version)
        .map((p) => p.version),
      [],
      'older diagnostics published after the final ones',
    );
    assert.ok(all.length < 200, `${all.length} publications for 1,000 edits: checks of superseded versions are not abandoned`);
    lsp.notify('textDocument/didClose', { textDocument: { uri } });
  });

  test('random interleavings of edits, hovers, completions and code actions: every request is answered sensibly, the final diagnostics match', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('edit' as const), a: fc.nat(), b: fc.nat(), len: fc.nat({ max: 8 }), text: fc.oneof(fragment(), fc.constant('')) }),
      fc.record({ kind: fc.constantFrom('hover' as const, 'completion' as const, 'action' as const), a: fc.nat(), b: fc.nat() }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 60 }), fc.boolean(), async (ops, markdown) => {
        const uri = `file:///tmp/robust-interleave-${run++}.${markdown ? 'md' : 'txt'}`;
        let text = corpusText('003-liaocheng-lilun.txt').slice(0, 3000);
        let version = 1;
        lsp.open(uri, text, markdown ? 'markdown' : 'plaintext', version);
        const answers: Array<Promise<void>> = [];
        for (const o of ops) {
          if (o.kind === 'edit') {
            const start = positionIn(text, o.a, o.b);
            const lineLen = text.split(/\r\n|\r|\n/)[start.line].length;
            const end = { line: start.line, character: Math.min(lineLen, start.character + o.len) };
            text = applyLspEdit(text, { start, end }, o.text);
            lsp.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start, end }, text: o.text }] });
            continue;
          }
          const snapshot = text;
          const position = positionIn(text, o.a, o.b);
          const within = (r: Json) => {
            const lines = snapshot.split(/\r\n|\r|\n/);
            for (const p of [r.start, r.end])
              assert.ok(p.line < lines.length && p.character <= lines[p.line].length, `${JSON.stringify(r)} outside the document`);
          };
          if (o.kind === 'hover') {
            answers.push(lsp.request('textDocument/hover', { textDocument: { uri }, position }).then((h) => void (h?.range && within(h.range))));
          } else if (o.kind === 'completion') {
            answers.push(
              lsp.request<Json>('textDocument/completion', { textDocument: { uri }, position }).then((list) => {
                for (const i of list.items as Json[]) within(i.textEdit.range);
              }),
            );
          } else {
            const diag = {
              range: { start: position, end: position },
              code: 'misquote',
              source: 'tifa',
              message: 'x',
              data: { version, fixes: [{ title: 't', start: 0, end: 1e9, text: '' }] },
            };
            answers.push(
              lsp.request<Json[]>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } }).then((acts) => {
                for (const a of acts) within(a.edit.changes[uri][0].range);
              }),
            );
          }
        }
        await Promise.all(answers);
        const final = await lsp.diagnosticsWithin(uri, version, 30_000);
        assert.deepEqual(published(final), expected(text, markdown));
        lsp.notify('textDocument/didClose', { textDocument: { uri } });
      }),
      { seed: FUZZ.seed, numRuns: FUZZ.runs(12) },
    );
  });
});

describe('process faults', () => {
  let lsp: RobustClient;
  before(async () => {
    lsp = new RobustClient();
    await lsp.initialize();
  });
  after(() => lsp.kill());

  const status = () => lsp.request<Json>('workspace/executeCommand', { command: 'tifa.server.status', arguments: [] }, 5_000);
  const logs = () => lsp.notifications.filter((n) => n.method === 'window/logMessage').map((n) => String(n.params.message));

  test('malformed messages are survived: bad JSON, non-objects, bad headers, stray bytes, a too-short and a too-long Content-Length', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 999_001, method: 'workspace/executeCommand', params: { command: 'tifa.server.status', arguments: [] } });
    const frames: Array<[string, string | Buffer]> = [
      ['bad JSON', 'Content-Length: 10\r\n\r\n{not json}'],
      ['an array', 'Content-Length: 2\r\n\r\n[]'],
      ['null', 'Content-Length: 4\r\n\r\nnull'],
      ['a request with an object id and a numeric method', 'Content-Length: 36\r\n\r\n{"jsonrpc":"2.0","id":{},"method":7}'],
      ['invalid UTF-8', Buffer.concat([Buffer.from('Content-Length: 4\r\n\r\n'), Buffer.from([0xff, 0xfe, 0x00, 0x80])])],
      ['a header without Content-Length', 'X-Foo: bar\r\n\r\n'],
      ['a non-numeric Content-Length', 'Content-Length: abc\r\n\r\n'],
      ['stray bytes', '\u0000\u0001garbage\r\n'],
      ['a too-short Content-Length', `Content-Length: ${Buffer.byteLength(body) - 7}\r\n\r\n${body}`],
      ['a too-long Content-Length, followed by a message', `Content-Length: ${Buffer.byteLength(body) + 40}\r\n\r\n${body}`],
    ];
    for (const [what, frame] of frames) {
      lsp.sendRaw(frame);
      const s = await status().catch((e: Error) => assert.fail(`no answer after ${what}: ${e.message}`));
      assert.equal(s.state, 'ready', what);
    }
    // a too-long Content-Length with nothing after it: the message is still answered
    const id = 999_002;
    const lone = JSON.stringify({ jsonrpc: '2.0', id, method: 'workspace/executeCommand', params: { command: 'tifa.server.status', arguments: [] } });
    const answered = lsp.waitFor((n) => n.method === 'window/logMessage' && /longer than the/.test(n.params.message), 10_000, 'too-long message taken');
    lsp.sendRaw(`Content-Length: ${Buffer.byteLength(lone) + 100}\r\n\r\n${lone}`);
    await answered;
    assert.equal((await status()).state, 'ready');
    assert.ok(lsp.alive);
    assert.ok(
      logs().some((m) => /dropped \d+ byte/.test(m)),
      logs().join('\n'),
    );
  });

  test('unknown methods, bad params and documents never opened: answered, never a crash', async () => {
    await assert.rejects(lsp.request('tifa/noSuchMethod', {}), (e: Json) => e.code === -32601);
    lsp.notify('tifa/noSuchNotification', { x: 1 });
    lsp.notify('$/cancelRequest', { id: 123_456 });
    const never = { uri: 'file:///never-opened.md' };
    assert.equal(await lsp.request('textDocument/hover', { textDocument: never, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await lsp.request('textDocument/completion', { textDocument: never, position: { line: 3, character: 9 } }), {
      isIncomplete: true,
      items: [],
    });
    assert.deepEqual(
      await lsp.request('textDocument/codeAction', {
        textDocument: never,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      }),
      [],
    );
    const ins = await lsp.request<Json>('workspace/executeCommand', {
      command: 'tifa.server.insertQuotation',
      arguments: [{ uri: never.uri, position: { line: 0, character: 0 }, id: 'nope' }],
    });
    assert.equal(ins.applied, false);
    // notifications for documents never opened, twice opened, twice closed
    lsp.notify('textDocument/didChange', { textDocument: { uri: never.uri, version: 2 }, contentChanges: [{ text: 'x' }] });
    lsp.notify('textDocument/didClose', { textDocument: never });
    const uri = 'file:///tmp/robust-twice.md';
    lsp.open(uri, '全要素生产力', 'markdown', 1);
    lsp.open(uri, '新质2产力', 'markdown', 2);
    assert.equal((await lsp.diagnosticsWithin(uri, 2, 20_000))[0]?.code, 'term-typo');
    // bad params: missing, of the wrong type, positions that are not numbers or far outside
    const bad: Array<[string, unknown]> = [
      ['textDocument/hover', null],
      ['textDocument/hover', { textDocument: { uri }, position: { line: 'x', character: null } }],
      ['textDocument/hover', { textDocument: { uri }, position: { line: -5, character: 1e12 } }],
      ['textDocument/hover', { textDocument: { uri: 42 } }],
      ['textDocument/completion', { textDocument: { uri }, position: { line: 1.5, character: Number.MAX_SAFE_INTEGER } }],
      ['textDocument/completion', { textDocument: { uri } }],
      [
        'textDocument/codeAction',
        { textDocument: { uri }, range: null, context: { diagnostics: [{ source: 'tifa', code: 'misquote', data: { version: 2, fixes: 'x' } }, null, 7] } },
      ],
      [
        'textDocument/codeAction',
        {
          textDocument: { uri },
          context: {
            diagnostics: [
              {
                source: 'tifa',
                code: 'term-typo',
                range: { start: { line: 'a' } },
                data: { version: 2, fixes: [{ title: 1, start: 'a', end: 2, text: 'x' }, null] },
              },
            ],
          },
        },
      ],
      ['workspace/executeCommand', { command: 'tifa.server.insertQuotation', arguments: [7] }],
      ['workspace/executeCommand', { command: 'tifa.server.insertQuotation', arguments: [{ uri, position: { line: NaN }, id: {} }] }],
      ['workspace/executeCommand', { command: 'tifa.server.search', arguments: [{ not: 'a string' }] }],
      ['workspace/executeCommand', { command: 'tifa.server.search', arguments: ['新'.repeat(200_000)] }],
      ['workspace/executeCommand', { command: 'tifa.server.listQuotations', arguments: [null] }],
      ['workspace/executeCommand', { command: 'no.such.command' }],
      ['workspace/executeCommand', null],
    ];
    for (const [method, params] of bad) {
      await lsp.request(method, params, 20_000).catch((e: Json) => assert.ok(typeof e.code === 'number', `${method}: ${e.message}`));
    }
    // malformed notifications
    lsp.notify('textDocument/didOpen', { textDocument: { uri: 'file:///tmp/robust-bad-open.md' } });
    lsp.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 'x' } }, text: 5 }] });
    lsp.notify('textDocument/didChange', { textDocument: { uri }, contentChanges: null });
    lsp.notify('workspace/didChangeConfiguration', null);
    assert.equal((await status()).state, 'ready');
    assert.ok(lsp.alive);
  });

  test('requests before initialize get ServerNotInitialized; stdin closing ends the process; exit without shutdown exits with 1', async () => {
    const early = new RobustClient();
    try {
      await assert.rejects(
        early.request('textDocument/hover', { textDocument: { uri: 'file:///x.md' }, position: { line: 0, character: 0 } }, 10_000),
        (e: Json) => e.code === -32002,
      );
      await early.initialize();
      const exited = new Promise<number | null>((resolve) => early.proc.once('exit', (code) => resolve(code)));
      early.notify('exit', null);
      assert.equal(await exited, 1);
    } finally {
      early.kill();
    }
    const eof = new RobustClient();
    try {
      await eof.initialize();
      const exited = new Promise<number | null>((resolve) => eof.proc.once('exit', (code) => resolve(code)));
      eof.proc.stdin.end();
      assert.equal(await exited, 1, 'stdin closed without shutdown');
    } finally {
      eof.kill();
    }
  });
});
