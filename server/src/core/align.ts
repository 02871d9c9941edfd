// Alignment of a writer's text against official wording: edit operations, so that a message can
// say what is missing, extra or changed. Both inputs are normalised strings.

/** 1 for the punctuation of normalised text, by code unit. */
const PUNCT_TABLE = new Uint8Array(65536);
for (const ch of '，。；：！？、（）—…') PUNCT_TABLE[ch.charCodeAt(0)] = 1;

export type OpKind = 'M' | 'S' | 'I' | 'D';
/** M: same; S: writer has a different char; I: writer has an extra char; D: writer lacks an official char. */
export interface Op {
  kind: OpKind;
  /** index in the writer's string (for M, S, I); for D the index before which the char is missing */
  q: number;
  /** index in the official string (for M, S, D); for I the index before which the extra char sits */
  c: number;
}

export interface Alignment {
  ops: Op[];
  edits: number;
  qStart: number;
  qEnd: number;
  cStart: number;
  cEnd: number;
}

/**
 * Semi-global alignment: all of q against the best-matching substring of c (free ends in c).
 * Unit costs. O(|q|·|c|) time.
 */
export function alignInside(q: string, c: string): Alignment {
  const m = q.length;
  const n = c.length;
  const w = n + 1;
  // the tables are reused from call to call; row 0 is all zero (free start in c)
  const cells = (m + 1) * w;
  if (insideDp.length < cells && cells <= MAX_KEPT_CELLS) {
    insideDp = new Int32Array(Math.min(MAX_KEPT_CELLS, Math.max(cells, 2 * insideDp.length)));
    insideFrom = new Uint8Array(insideDp.length);
  }
  // (a rare large pair gets tables of its own, not kept)
  const dp = cells <= insideDp.length ? insideDp : new Int32Array(cells);
  const from = cells <= insideFrom.length ? insideFrom : new Uint8Array(cells); // 0 diag, 1 up (I), 2 left (D)
  dp.fill(0, 0, w);
  from.fill(0, 0, w);
  // costs in half units: substitution 2 (3 when punctuation meets a character), insertion/deletion 2
  for (let i = 1; i <= m; i++) {
    dp[i * w] = 2 * i;
    from[i * w] = 1;
  }
  const cp = new Uint8Array(n);
  for (let j = 0; j < n; j++) cp[j] = PUNCT_TABLE[c.charCodeAt(j)];
  for (let i = 1; i <= m; i++) {
    const qc = q.charCodeAt(i - 1);
    const qp = PUNCT_TABLE[qc];
    for (let j = 1; j <= n; j++) {
      const k = i * w + j;
      const cc = c.charCodeAt(j - 1);
      const diag = dp[k - w - 1] + (qc === cc ? 0 : qp !== cp[j - 1] ? 3 : 2);
      const up = dp[k - w] + 2;
      const left = dp[k - 1] + 2;
      if (diag <= up && diag <= left) {
        dp[k] = diag;
        from[k] = 0;
      } else if (up <= left) {
        dp[k] = up;
        from[k] = 1;
      } else {
        dp[k] = left;
        from[k] = 2;
      }
    }
  }
  // among equally good ends, the latest: a changed word at the end reads as a change, not as extra text
  let bestJ = 0;
  for (let j = 1; j <= n; j++) if (dp[m * w + j] <= dp[m * w + bestJ]) bestJ = j;
  return traceback(q, c, from, w, m, bestJ, (i) => i === 0);
}
/** Tables up to this many cells are kept between calls (5 bytes a cell). */
const MAX_KEPT_CELLS = 1 << 18;
let insideDp = new Int32Array(0);
let insideFrom = new Uint8Array(0);

/**
 * Local alignment (Smith–Waterman): the best-matching region of q against a region of c[lo, hi)
 * (offsets in the result are c's). Scores: match +1, mismatch −1, gap −2.
 */
export function alignLocal(q: string, c: string, lo = 0, hi = c.length): Alignment {
  const m = q.length;
  const n = hi - lo;
  const w = n + 1;
  // Only cells with a positive score matter, and they are few (a match, or next to a cell scoring
  // ≥ 2 diagonally, ≥ 3 above or ≥ 3 to the left): each row visits those candidates alone, in
  // column order, so the best cell and every score the trace-back reads are the full matrix's.
  const cells = (m + 1) * w;
  if (localScore.length < cells && cells <= MAX_KEPT_CELLS) localScore = new Int32Array(Math.min(MAX_KEPT_CELLS, Math.max(cells, 2 * localScore.length)));
  if (localRow.length < 2 * (n + 1)) {
    localRow = new Int32Array(Math.max(2 * (n + 1), 2 * localRow.length));
    localCand = new Int32Array(3 * localRow.length);
  }
  const score = cells <= localScore.length ? localScore : new Int32Array(cells); // all zero outside a call
  const columns = columnsOf(c);
  let prevCols = localRow.subarray(0, n + 1);
  let curCols = localRow.subarray(n + 1, 2 * (n + 1));
  let prevLen = 0;
  const cand = localCand;
  let written = localWritten;
  let nw = 0;
  const none = n + 1;
  let best = 0;
  let bi = 0;
  let bj = 0;
  for (let i = 1; i <= m; i++) {
    const qc = q.charCodeAt(i - 1);
    const row = i * w;
    const above = row - w;
    // candidates from the row above, in increasing order (duplicates are skipped below)
    let cl = 0;
    for (let k = 0; k < prevLen; k++) {
      const j = prevCols[k];
      const s = score[above + j];
      if (s >= 3) cand[cl++] = j;
      if (s >= 2 && j < n) cand[cl++] = j + 1;
    }
    // merged with the columns where c has q's character (window columns: c index lo + j − 1)
    const list = columns.get(qc);
    let li = list ? firstAtLeast(list, lo + 1) : 0;
    const ll = list ? list.length : 0;
    let mj = li < ll && list![li] <= hi ? list![li] - lo : none;
    let k = 0;
    let curLen = 0;
    let j = Math.min(mj, cl ? cand[0] : none);
    while (j <= n) {
      const diag = score[above + j - 1] + (qc === c.charCodeAt(lo + j - 1) ? 1 : -1);
      const up = score[above + j] - 2;
      const left = score[row + j - 1] - 2;
      let s = diag > up ? diag : up;
      if (left > s) s = left;
      if (s > 0) {
        score[row + j] = s;
        if (nw === written.length) {
          const grown = new Int32Array(2 * written.length);
          grown.set(written);
          written = grown;
        }
        written[nw++] = row + j;
        curCols[curLen++] = j;
        if (s > best) {
          best = s;
          bi = i;
          bj = j;
        }
      }
      while (mj <= j) {
        li++;
        mj = li < ll && list![li] <= hi ? list![li] - lo : none;
      }
      while (k < cl && cand[k] <= j) k++;
      j = s >= 3 ? j + 1 : Math.min(mj, k < cl ? cand[k] : none);
    }
    const t = prevCols;
    prevCols = curCols;
    curCols = t;
    prevLen = curLen;
  }
  // trace back: the direction each cell took, decided as the full matrix decides it
  // (diagonal first, then up, then left, each only if strictly better than the one before)
  const ops: Op[] = [];
  let i = bi;
  let j = bj;
  while (i > 0 && j > 0) {
    const diag = score[(i - 1) * w + j - 1] + (q.charCodeAt(i - 1) === c.charCodeAt(lo + j - 1) ? 1 : -1);
    const up = score[(i - 1) * w + j] - 2;
    const left = score[i * w + j - 1] - 2;
    let s = 0;
    let f = 3;
    if (diag > s) {
      s = diag;
      f = 0;
    }
    if (up > s) {
      s = up;
      f = 1;
    }
    if (left > s) f = 2;
    if (f === 3) break;
    if (f === 0) {
      ops.push({ kind: q[i - 1] === c[lo + j - 1] ? 'M' : 'S', q: i - 1, c: lo + j - 1 });
      i--;
      j--;
    } else if (f === 1) {
      ops.push({ kind: 'I', q: i - 1, c: lo + j });
      i--;
    } else {
      ops.push({ kind: 'D', q: i, c: lo + j - 1 });
      j--;
    }
  }
  for (let x = 0; x < nw; x++) score[written[x]] = 0;
  localWritten = written.length <= MAX_KEPT_CELLS ? written : new Int32Array(1024);
  ops.reverse();
  const edits = ops.filter((o) => o.kind !== 'M').length;
  return { ops, edits, qStart: i, qEnd: bi, cStart: lo + j, cEnd: lo + bj };
}
let localScore = new Int32Array(0);

/** Index of the first element ≥ x in a sorted array (its length if none). */
function firstAtLeast(a: Int32Array, x: number): number {
  let l = 0;
  let r = a.length;
  while (l < r) {
    const mid = (l + r) >> 1;
    if (a[mid] < x) l = mid + 1;
    else r = mid;
  }
  return l;
}

/** The columns (1-based, increasing) of each code unit of c; kept for the official texts aligned again and again. */
const columnCache = new Map<string, Map<number, Int32Array>>();
function columnsOf(c: string): Map<number, Int32Array> {
  let cols = columnCache.get(c);
  if (!cols) {
    const lists = new Map<number, number[]>();
    for (let j = 1; j <= c.length; j++) {
      const code = c.charCodeAt(j - 1);
      let list = lists.get(code);
      if (!list) lists.set(code, (list = []));
      list.push(j);
    }
    cols = new Map();
    for (const [code, list] of lists) cols.set(code, Int32Array.from(list));
    if (columnCache.size >= 4096) columnCache.clear();
    columnCache.set(c, cols);
  }
  return cols;
}
let localRow = new Int32Array(0);
let localWritten = new Int32Array(1024);
let localCand = new Int32Array(0);

/** Walks the direction table back from (endI, endJ) until `done`; 0 diagonal, 1 up (extra), 2 left (missing). */
function traceback(
  q: string,
  c: string,
  from: Uint8Array,
  w: number,
  endI: number,
  endJ: number,
  done: (i: number, j: number) => boolean,
): Alignment {
  const ops: Op[] = [];
  let i = endI;
  let j = endJ;
  while (!done(i, j)) {
    const f = from[i * w + j];
    if (f === 0 && j > 0) {
      ops.push({ kind: q[i - 1] === c[j - 1] ? 'M' : 'S', q: i - 1, c: j - 1 });
      i--;
      j--;
    } else if (f === 1 || j === 0) {
      ops.push({ kind: 'I', q: i - 1, c: j });
      i--;
    } else {
      ops.push({ kind: 'D', q: i, c: j - 1 });
      j--;
    }
  }
  ops.reverse();
  return { ops, edits: ops.filter((o) => o.kind !== 'M').length, qStart: i, qEnd: endI, cStart: j, cEnd: endJ };
}

export interface DiffChunk {
  missing: string;
  extra: string;
  /** position in q where the chunk starts */
  q: number;
}

/** Groups the edit operations into chunks of consecutive edits. */
export function diffChunks(ops: Op[], q: string, c: string): DiffChunk[] {
  const chunks: DiffChunk[] = [];
  let cur: DiffChunk | undefined;
  for (const op of ops) {
    if (op.kind === 'M') {
      cur = undefined;
      continue;
    }
    if (!cur) chunks.push((cur = { missing: '', extra: '', q: op.q }));
    if (op.kind === 'S') {
      cur.missing += c[op.c];
      cur.extra += q[op.q];
    } else if (op.kind === 'I') cur.extra += q[op.q];
    else cur.missing += c[op.c];
  }
  return chunks;
}
