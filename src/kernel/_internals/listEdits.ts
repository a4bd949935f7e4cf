// Removing and inserting items in place in the step's working VMA list, as
// Array.prototype.splice would, but without the array of removed items splice returns: no
// caller here reads it, and the step splices at every split, merge and unmap. Indices are those
// of a valid splice: 0 <= at <= list.length.
//
// For lists of objects only. Used on the page runs' lists of numbers too, these stores (one
// site for every list) turned those lists, and through V8's allocation-site feedback every
// list of PTE runs made after, from double to generic elements: each number then a boxed
// value, and firstAbove's reads of them about 0.9% of a search (branch step35, two profiles).

/**
 * Removes `count` items from `at` on (clipped to the list's end). The list is shortened by
 * `pop`, not by setting `length`: a store to `length` is a call into V8's runtime ("set
 * length", 0.2-0.4% of the default bound's profiles, most of it from here), where pop stays in
 * the optimised code.
 */
export function removeItems<T>(list: T[], at: number, count: number): void {
  const n = list.length;
  const gone = Math.min(count, n - at);
  if (gone <= 0) return;
  for (let k = at; k + gone < n; k++) list[k] = list[k + gone] as T;
  for (let k = 0; k < gone; k++) list.pop();
}

/** Inserts `item` at `at`, moving the items from `at` on one place up. */
export function insertItem<T>(list: T[], at: number, item: T): void {
  let k = list.length;
  if (k === at) {
    list.push(item);
    return;
  }
  list.push(list[k - 1] as T);
  for (k--; k > at; k--) list[k] = list[k - 1] as T;
  list[at] = item;
}

/** Replaces the `remove` (at least 1) items from `at` on by `item`. */
export function replaceWithOne<T>(list: T[], at: number, remove: number, item: T): void {
  list[at] = item;
  removeItems(list, at + 1, remove - 1);
}

/** Replaces the `remove` (at least 1) items from `at` on by `a` then `b`. */
export function replaceWithTwo<T>(list: T[], at: number, remove: number, a: T, b: T): void {
  list[at] = a;
  if (remove === 1) insertItem(list, at + 1, b);
  else replaceWithOne(list, at + 1, remove - 1, b);
}
