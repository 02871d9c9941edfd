// Alignment of a writer's text against official wording: edit operations, so that a message can
// say what is missing, extra or changed. Both inputs are normalised strings.

const PUNCT_CODES = new Set([...'，。；：！？、（）—…'].map((ch) => ch.charCodeAt(0)));
function isPunct(code: number): boolean {
  return PUNCT_CODES.has(code);
}

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
  const dp = new Int32Array((m + 1) * w);
  const from = new Uint8Array((m + 1) * w); // 0 diag, 1 up (I), 2 left (D)
  // costs in half units: substitution 2 (3 when punctuation meets a character), insertion/deletion 2
  for (let i = 1; i <= m; i++) {
    dp[i * w] = 2 * i;
    from[i * w] = 1;
  }
  for (let i = 1; i <= m; i++) {
    const qc = q.charCodeAt(i - 1);
    const qp = isPunct(qc);
    for (let j = 1; j <= n; j++) {
      const k = i * w + j;
      const cc = c.charCodeAt(j - 1);
      const diag = dp[k - w - 1] + (qc === cc ? 0 : qp !== isPunct(cc) ? 3 : 2);
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

/**
 * Local alignment (Smith–Waterman): the best-matching region of q against a region of c.
 * Scores: match +1, mismatch −1, gap −2.
 */
export function alignLocal(q: string, c: string): Alignment {
  const m = q.length;
  const n = c.length;
  const w = n + 1;
  const score = new Int32Array((m + 1) * w);
  const from = new Uint8Array((m + 1) * w); // 0 diag, 1 up, 2 left, 3 stop
  from.fill(3);
  let best = 0;
  let bi = 0;
  let bj = 0;
  for (let i = 1; i <= m; i++) {
    const qc = q.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const k = i * w + j;
      const diag = score[k - w - 1] + (qc === c.charCodeAt(j - 1) ? 1 : -1);
      const up = score[k - w] - 2;
      const left = score[k - 1] - 2;
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
      if (left > s) {
        s = left;
        f = 2;
      }
      score[k] = s;
      from[k] = f;
      if (s > best) {
        best = s;
        bi = i;
        bj = j;
      }
    }
  }
  return traceback(q, c, from, w, bi, bj, (i, j) => i === 0 || j === 0 || from[i * w + j] === 3);
}

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
