// textlint in process, through its Node API (createLinter + loadTextlintrc), so that its lint of a file
// can be timed without its start-up, as the in-process tifa check is (bench/tasks/check.ts): the same
// 10 warm-up runs, then RUNS runs.
//   node bench/tasks/textlint.ts CONFIG FILE RUNS
import { DEPS, peerPath } from '../lib/deps';
import * as path from 'node:path';

const [config, file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 7);

(async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createLinter, loadTextlintrc } = require(peerPath('textlint'));
  const descriptor = await loadTextlintrc({ configFilePath: config, node_modulesDir: path.join(DEPS, 'node_modules') });
  const linter = createLinter({ descriptor });
  const times: number[] = [];
  const WARMUP = 10;
  for (let i = 0; i < runs + WARMUP; i++) {
    const t = performance.now();
    await linter.lintFiles([file]);
    if (i >= WARMUP) times.push(performance.now() - t);
  }
  process.stdout.write(JSON.stringify({ times }) + '\n');
})();
