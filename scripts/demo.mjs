// `npm run demo`: build, package the .vsix, then run Tifa on the bundled sample report and print what it finds.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
for (const [cmd, args] of [
  ['node', ['scripts/build.mjs']],
  ['npm', ['run', '--silent', 'package']],
]) {
  const r = run(cmd, args);
  if (r.status !== 0) process.exit(r.status ?? 1);
}
console.log('\n== tifa check examples/ ==\n');
const check = run('node', ['dist/cli.js', 'check', 'examples/']);
// exit 1 means "findings of severity error", which is what the sample report is for
if (check.status !== 0 && check.status !== 1) process.exit(check.status ?? 2);
console.log('\nTifa found the errors planted in examples/; the extension package is tifa.vsix.');
