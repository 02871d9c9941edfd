// The work budget of one block. Every rule's costly steps (alignment cells, candidate postings,
// alignment seeds) are paid for from it before they are done; a step that does not fit is not done
// and the block is marked over budget. The checker then checks the block again in smaller pieces
// (each with a budget of its own, with pauses between them in a sliced check); a piece too small to
// cut keeps what fitted. So no block holds the server longer than its budget, whatever its text.
//
// One unit is about one alignment cell (15–50 ns on the 2-core bench machine, under load). Normal
// writing stays far below the budget: the costliest block of the bench reports, the corpus documents
// and the field-test texts used 107,000 units (a fourteenth). A block over budget costs at most about
// nine budgets in all (each level of cutting pays at most one more), in steps of at most one.
// Blocks are checked synchronously, one at a time: the budget of the block being checked is module
// state, set by beginBlock() and read back by endBlock().

export const BUDGET = {
  /** work units of a full block (LIMITS.maxBlock characters); a shorter block or piece gets its share, at least a quarter */
  units: 1_500_000,
  /** a block over budget is cut in two, down to pieces of about this many characters */
  minPiece: 256,
};

/** The budget of a block or piece of `length` characters out of blocks of `maxBlock`. */
export function budgetFor(length: number, maxBlock: number): number {
  return Math.max(BUDGET.units / 4, Math.ceil((BUDGET.units * length) / maxBlock));
}

let left = Number.POSITIVE_INFINITY;
let over = false;
let used = 0;

/** Starts the budget of a block. */
export function beginBlock(units = BUDGET.units): void {
  left = units;
  over = false;
  used = 0;
}

/** Ends the block's budget: whether it ran over, and the units used. Outside a block, work is unbounded. */
export function endBlock(): { over: boolean; used: number } {
  const r = { over, used };
  left = Number.POSITIVE_INFINITY;
  over = false;
  used = 0;
  return r;
}

/** Pays for `units` of work if they fit in what is left; otherwise marks the block over budget. */
export function afford(units: number): boolean {
  if (over || units > left) {
    over = true;
    return false;
  }
  left -= units;
  used += units;
  return true;
}
