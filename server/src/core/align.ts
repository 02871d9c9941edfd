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
  // the official string's code units and their punctuation flags, in scratch arrays kept between calls
  if (cCodes.length < n) {
    cCodes = new Uint16Array(Math.max(n, 2 * cCodes.length));
    cPunct = new Uint8Array(cCodes.length);
  }
  const cc = cCodes;
  const cp = cPunct;
  for (let j = 0; j < n; j++) {
    const code = c.charCodeAt(j);
    cc[j] = code;
    cp[j] = PUNCT_TABLE[code];
  }
  for (let i = 1; i <= m; i++) {
    const qc = q.charCodeAt(i - 1);
    const qp = PUNCT_TABLE[qc];
    // the cell to the left and the one diagonally up-left are carried in locals
    let leftVal = dp[i * w];
    let diagVal = dp[(i - 1) * w];
    for (let j = 1, k = i * w + 1; j <= n; j++, k++) {
      const upVal = dp[k - w];
      const diag = diagVal + (qc === cc[j - 1] ? 0 : qp !== cp[j - 1] ? 3 : 2);
      const up = upVal + 2;
      const left = leftVal + 2;
      let v: number;
      if (diag <= up && diag <= left) {
        v = diag;
        from[k] = 0;
      } else if (up <= left) {
        v = up;
        from[k] = 1;
      } else {
        v = left;
        from[k] = 2;
      }
      dp[k] = v;
      leftVal = v;
      diagVal = upVal;
    }
  }
  // among equally good ends, the latest: a changed word at the end reads as a change, not as extra text
  let bestJ = 0;
  for (let j = 1; j <= n; j++) if (dp[m * w + j] <= dp[m * w + bestJ]) bestJ = j;
  const out = traceback(q, c, from, w, m, bestJ, (i) => i === 0);
  // (scratch kept small after a rare long wording)
  if (cCodes.length > 1 << 16) {
    cCodes = new Uint16Array(0);
    cPunct = new Uint8Array(0);
  }
  return out;
}
let cCodes = new Uint16Array(0);
let cPunct = new Uint8Array(0);
/** Tables up to this many cells are kept between calls (5 bytes a cell). */
const MAX_KEPT_CELLS = 1 << 18;
let insideDp = new Int32Array(0);
let insideFrom = new Uint8Array(0);

/**
 * Local alignment (Smith–Waterman): the best-matching region of q against a region of c, over the
 * diagonals dLo ≤ (c offset − q offset) ≤ dHi (all of them by default). Scores: match +1,
 * mismatch −1, gap −2. The first best cell in row order ends it, as in the full matrix.
 */
export function alignLocal(q: string, c: string, dLo = -q.length, dHi = c.length): Alignment {
  const m = q.length;
  const n = c.length;
  dLo = Math.max(dLo, -m);
  dHi = Math.min(dHi, n);
  // band coordinates: cell (i, j) is at i * w + (j − i − dLo + 1); columns 0 and w − 1 stay zero.
  // A band as wide as c or wider is stored as the plain matrix, i * (n + 1) + j: the band's rows would
  // hold mostly diagonals outside c (a 4,000-character sentence against a 200-character wording
  // allocated and cleared 17 million cells for 0.8 million used); cells outside the band stay zero.
  const full = dHi - dLo + 3 >= n + 1;
  const w = full ? n + 1 : Math.max(0, dHi - dLo + 1) + 2;
  const cells = (m + 1) * w;
  if (bandScore.length < cells && cells <= MAX_KEPT_CELLS) bandScore = new Int32Array(Math.min(MAX_KEPT_CELLS, Math.max(cells, 2 * bandScore.length)));
  const score = cells <= bandScore.length ? bandScore : new Int32Array(cells);
  score.fill(0, 0, cells);
  const at = full ? (i: number, j: number) => i * w + j : (i: number, j: number) => i * w + (j - i - dLo + 1);
  const dk = full ? 1 : 0;
  if (cCodes.length < n) {
    cCodes = new Uint16Array(Math.max(n, 2 * cCodes.length));
    cPunct = new Uint8Array(cCodes.length);
  }
  const cc = cCodes;
  for (let j = 0; j < n; j++) cc[j] = c.charCodeAt(j);
  let best = 0;
  let bi = 0;
  let bj = 0;
  for (let i = 1; i <= m; i++) {
    const qc = q.charCodeAt(i - 1);
    const jFrom = Math.max(1, i + dLo);
    const jTo = Math.min(n, i + dHi);
    let k = at(i, jFrom);
    for (let j = jFrom; j <= jTo; j++, k++) {
      // diagonal neighbour: same band column a row up (one column left in the plain matrix); above:
      // one band column right (the same column); left: one left
      const diag = (j > 1 ? score[k - w - dk] : 0) + (qc === cc[j - 1] ? 1 : -1);
      const up = score[k - w + 1 - dk] - 2;
      const left = (j > 1 ? score[k - 1] : 0) - 2;
      let s = diag > up ? diag : up;
      if (left > s) s = left;
      if (s > 0) {
        score[k] = s;
        if (s > best) {
          best = s;
          bi = i;
          bj = j;
        }
      }
    }
  }
  const get = (i: number, j: number) => {
    if (i <= 0 || j <= 0) return 0;
    const d = j - i;
    return d < dLo || d > dHi ? 0 : score[at(i, j)];
  };
  // trace back: the direction each cell took (diagonal first, then up, then left, each only if strictly better)
  const ops: Op[] = [];
  let edits = 0;
  let i = bi;
  let j = bj;
  while (i > 0 && j > 0) {
    const diag = get(i - 1, j - 1) + (q.charCodeAt(i - 1) === c.charCodeAt(j - 1) ? 1 : -1);
    const up = get(i - 1, j) - 2;
    const left = get(i, j - 1) - 2;
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
      const same = q.charCodeAt(i - 1) === c.charCodeAt(j - 1);
      if (!same) edits++;
      ops.push({ kind: same ? 'M' : 'S', q: i - 1, c: j - 1 });
      i--;
      j--;
    } else if (f === 1) {
      edits++;
      ops.push({ kind: 'I', q: i - 1, c: j });
      i--;
    } else {
      edits++;
      ops.push({ kind: 'D', q: i, c: j - 1 });
      j--;
    }
  }
  ops.reverse();
  if (cCodes.length > 1 << 16) {
    cCodes = new Uint16Array(0);
    cPunct = new Uint8Array(0);
  }
  return { ops, edits, qStart: i, qEnd: bi, cStart: j, cEnd: bj };
}
let bandScore = new Int32Array(0);

/** Walks the direction table back from (endI, endJ) until `done`; 0 diagonal, 1 up (extra), 2 left (missing). */
function traceback(q: string, c: string, from: Uint8Array, w: number, endI: number, endJ: number, done: (i: number, j: number) => boolean): Alignment {
  const ops: Op[] = [];
  let edits = 0;
  let i = endI;
  let j = endJ;
  while (!done(i, j)) {
    const f = from[i * w + j];
    if (f === 0 && j > 0) {
      const same = q.charCodeAt(i - 1) === c.charCodeAt(j - 1);
      if (!same) edits++;
      ops.push({ kind: same ? 'M' : 'S', q: i - 1, c: j - 1 });
      i--;
      j--;
    } else if (f === 1 || j === 0) {
      edits++;
      ops.push({ kind: 'I', q: i - 1, c: j });
      i--;
    } else {
      edits++;
      ops.push({ kind: 'D', q: i, c: j - 1 });
      j--;
    }
  }
  ops.reverse();
  return { ops, edits, qStart: i, qEnd: endI, cStart: j, cEnd: endJ };
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
