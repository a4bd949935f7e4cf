// Where each slot and def_flags sit in a lockbench state's 32-bit words. Whole slots a word
// (never straddling two), so a transition rewrites one word with a shift and a mask, and the
// state is its own encoding.

export interface SlotLayout {
  readonly words: number;
  readonly slotBits: number;
  readonly slotMask: number;
  /** Per slot: the word holding it and its shift in that word. */
  readonly wordOf: Int32Array;
  readonly shiftOf: Int32Array;
  readonly defWord: number;
  readonly defShift: number;
}

export function slotLayout(regions: number, pages: number): SlotLayout {
  const slotBits = 2 + 2 * pages;
  const perWord = Math.floor(32 / slotBits);
  const wordOf = new Int32Array(regions);
  const shiftOf = new Int32Array(regions);
  for (let k = 0; k < regions; k++) {
    wordOf[k] = Math.floor(k / perWord);
    shiftOf[k] = (k % perWord) * slotBits;
  }
  const lastWord = Math.floor((regions - 1) / perWord);
  const usedInLast = (regions - lastWord * perWord) * slotBits;
  const defFits = usedInLast + 2 <= 32;
  return {
    words: lastWord + (defFits ? 1 : 2),
    slotBits,
    slotMask: (1 << slotBits) - 1,
    wordOf,
    shiftOf,
    defWord: defFits ? lastWord : lastWord + 1,
    defShift: defFits ? usedInLast : 0,
  };
}
