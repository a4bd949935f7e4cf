// A count with its noun, as reports and trace headers write it: `1 step`, `3 steps`,
// `2 initial processes`.

export const counted = (n: number, one: string, many = `${one}s`): string =>
  `${n} ${n === 1 ? one : many}`;
