// How far V8 lets this process's heap grow past what it keeps: one setting for the language server
// and the CLI, applied once at start-up.
import * as v8 from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full collection kept, in percent. By
 * default V8 lets it grow up to fourfold when allocation is fast, as while a writer types into long
 * documents or a 10-million-character report is checked: the server's soak (scripts/soak.ts) then
 * swung between 290 and 340 MB with 35–75 MB live, and `tifa check` of the dense 10M report peaked at
 * 276–360 MB. With 30% the heap follows what is live (soak flat at ~190 MB, the report ~290 MB), for
 * more frequent but smaller collections (≈5% more CPU on the 10M report; bench/results.md).
 */
export const HEAP_GROWING_PERCENT = 30;

/** Applies HEAP_GROWING_PERCENT to this process, unless Node was started with a value of its own. */
export function limitHeapGrowth(): void {
  if (process.execArgv.some((a) => /^--heap[-_]growing[-_]percent/.test(a))) return;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
