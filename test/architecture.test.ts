// Architecture invariants, checked on the source tree (see ARCHITECTURE.md).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers';

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

function imports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

/** The file a relative import of `file` names (without extension), or undefined for a package. */
function target(file: string, spec: string): string | undefined {
  return spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : undefined;
}

const SRC = path.join(ROOT, 'server', 'src');
const CORE = path.join(SRC, 'core');
const SHARED = path.join(SRC, 'shared');
const inside = (dir: string, p: string) => p === dir || p.startsWith(dir + path.sep);
/** Node modules of I/O and the network, and the editor's libraries. */
const IO_OR_EDITOR =
  /^(vscode|vscode-languageserver.*|vscode-languageclient.*|node:(fs|net|http|https|dgram|dns|child_process|tls|path|worker_threads)|fs|net|http|https|dgram|dns|child_process|path|worker_threads)(\/|$)/;

test('the analysis core imports no LSP, no file system, no network, and nothing of the server outside itself and server/src/shared', () => {
  for (const f of files(CORE)) {
    for (const i of imports(f)) {
      assert.doesNotMatch(i, IO_OR_EDITOR, `${path.relative(ROOT, f)} imports ${i}`);
      const t = target(f, i);
      if (t) assert.ok(inside(CORE, t) || inside(SHARED, t), `${path.relative(ROOT, f)} imports ${i}, outside server/src/core and server/src/shared`);
    }
  }
});

test('server/src/shared (positions, protocol) imports nothing: the core, the LSP layer, the CLI and the client all use it', () => {
  const shared = files(SHARED);
  assert.deepEqual(shared.map((f) => path.basename(f)).sort(), ['positions.ts', 'protocol.ts']);
  for (const f of shared) {
    for (const i of imports(f)) {
      const t = target(f, i);
      assert.ok(t !== undefined && inside(SHARED, t), `${path.relative(ROOT, f)} imports ${i}`);
    }
  }
});

test('only server/src/lsp imports vscode-languageserver; the client imports no server code but server/src/shared', () => {
  for (const f of files(SRC)) {
    if (f.includes(`${path.sep}lsp${path.sep}`)) continue;
    for (const i of imports(f)) assert.doesNotMatch(i, /^vscode-languageserver/, `${path.relative(ROOT, f)} imports ${i}`);
  }
  for (const f of files(path.join(ROOT, 'client', 'src'))) {
    for (const i of imports(f)) {
      const t = target(f, i);
      if (t) assert.ok(inside(path.join(ROOT, 'client', 'src'), t) || inside(SHARED, t), `${path.relative(ROOT, f)} imports ${i}`);
    }
  }
});

test('no module of the server or the CLI opens network connections', () => {
  for (const f of files(path.join(ROOT, 'server', 'src'))) {
    for (const i of imports(f)) assert.doesNotMatch(i, /^(node:)?(net|http|https|dgram|tls|http2)$/, `${path.relative(ROOT, f)} imports ${i}`);
  }
});
