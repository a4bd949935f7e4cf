// Positions aside: the part of a Program that printing must preserve.

export function stripPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripPositions);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'pos' || k === 'callPos' || k === 'observablePos' || k === 'file' || k === 'source')
        continue;
      if (v !== undefined) out[k] = stripPositions(v);
    }
    return out;
  }
  return value;
}
