// The one list of diagnostic codes (server/src/core/codes.ts) and the files made from it: package.json's
// `tifa.severity` settings and the corpus schema's code enums must be what scripts/gen-codes.mjs makes of
// them (scripts/build.mjs rewrites them; on CI it only compares).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { GENERATED } from '../scripts/gen-codes.mjs';
import * as registry from '../server/src/core/codes';
import { ROOT } from './helpers';

for (const { file, make } of GENERATED) {
  test(`${file} is what server/src/core/codes.ts makes of it (npm run build rewrites it)`, () => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    assert.equal(text, make(text, registry), `${file} differs from what core/codes.ts makes of it: run npm run build and commit it`);
  });
}

test('every code has a severity, and a title, a label and help in Chinese and English', () => {
  assert.ok(registry.CODES.length >= 7);
  for (const code of registry.CODES) {
    const info = registry.codeInfo(code);
    assert.ok(registry.SEVERITIES.includes(info.severity), code);
    for (const texts of [info.title, info.label, info.help]) {
      assert.match(texts.zh, /\p{Script=Han}/u, `${code}: Chinese text`);
      assert.ok(texts.en.length > 0 && !/\p{Script=Han}/u.test(texts.en), `${code}: English text`);
    }
  }
  // what the setting refuses is not a severity
  assert.ok(!registry.SEVERITY_SETTINGS.includes('warn' as never));
  assert.ok(registry.isCode('misquote') && !registry.isCode('warn') && !registry.isCode('toString'));
});

test('package.json: every tifa.severity property is a plain schema (no $ref that points at nothing)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const refs = JSON.stringify(pkg).match(/"\$ref":"[^"]*"/g) ?? [];
  for (const r of refs) {
    const target = /"#\/(.*)"/.exec(r)?.[1].split('/') ?? [];
    let node: unknown = pkg;
    for (const k of target) node = (node as Record<string, unknown> | undefined)?.[k];
    assert.ok(node !== undefined, `${r} points at nothing`);
  }
  const props = pkg.contributes.configuration.properties['tifa.severity'].properties;
  assert.deepEqual(Object.keys(props), [...registry.CODES]);
  for (const p of Object.values(props) as Array<{ enum: string[] }>) assert.deepEqual(p.enum, [...registry.SEVERITY_SETTINGS]);
});
