// Architecture invariants, checked on the source tree (see ARCHITECTURE.md).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers';

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

function imports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

test('the analysis core imports no LSP, no file system, no network', () => {
  const forbidden = /^(vscode|vscode-languageserver.*|vscode-languageclient.*|node:(fs|net|http|https|dgram|dns|child_process|tls|path)|fs|net|http|https|dgram|dns|child_process|path)(\/|$)/;
  for (const f of files(path.join(ROOT, 'server', 'src', 'core'))) {
    for (const i of imports(f)) assert.doesNotMatch(i, forbidden, `${path.relative(ROOT, f)} imports ${i}`);
  }
});

test('only server/src/lsp imports vscode-languageserver; the client imports no server code but the shared protocol', () => {
  for (const f of files(path.join(ROOT, 'server', 'src'))) {
    if (f.includes(`${path.sep}lsp${path.sep}`)) continue;
    for (const i of imports(f)) assert.doesNotMatch(i, /^vscode-languageserver/, `${path.relative(ROOT, f)} imports ${i}`);
  }
  for (const f of files(path.join(ROOT, 'client', 'src'))) {
    for (const i of imports(f)) {
      if (i.startsWith('.')) assert.match(i, /server\/src\/lsp\/protocol$/, `${path.relative(ROOT, f)} imports ${i}`);
    }
  }
});

test('no module of the server or the CLI opens network connections', () => {
  for (const f of files(path.join(ROOT, 'server', 'src'))) {
    for (const i of imports(f)) assert.doesNotMatch(i, /^(node:)?(net|http|https|dgram|tls|http2)$/, `${path.relative(ROOT, f)} imports ${i}`);
  }
});
