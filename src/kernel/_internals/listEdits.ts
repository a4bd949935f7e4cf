// Removing and inserting items in place in the step's working lists (a VMA list, the page
// runs' parallel lists), as Array.prototype.splice would, but without the array of removed
// items splice returns: no caller here reads it, and the step splices at every split, merge,
// unmap and page-run cut (a splice made some 70 bytes of a step's 2,000 on the default
// bound's pairs). Indices are those of a valid splice: 0 <= at <= list.length.

/** Removes `count` items from `at` on (clipped to the list's end). */
export function removeItems<T>(list: T[], at: number, count: number): void {
  const n = list.length;
  const gone = Math.min(count, n - at);
  if (gone <= 0) return;
  for (let k = at; k + gone < n; k++) list[k] = list[k + gone] as T;
  list.length = n - gone;
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
