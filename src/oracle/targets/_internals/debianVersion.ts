// Debian version ordering (deb-version(7)): [epoch:]upstream[-revision], compared part by part;
// within a part, runs of non-digits compare character by character with `~` before everything
// (even the end), letters before other characters, then runs of digits compare as numbers.
// Used to pick the newest package of a series when the pinned one is gone.

function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function comparePart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // the non-digit run
    while ((i < a.length && !/\d/.test(a.charAt(i))) || (j < b.length && !/\d/.test(b.charAt(j)))) {
      const ca = i < a.length && !/\d/.test(a.charAt(i)) ? a.charAt(i) : undefined;
      const cb = j < b.length && !/\d/.test(b.charAt(j)) ? b.charAt(j) : undefined;
      const d = order(ca) - order(cb);
      if (d !== 0) return Math.sign(d);
      if (ca !== undefined) i++;
      if (cb !== undefined) j++;
    }
    // the digit run
    let na = '';
    let nb = '';
    while (i < a.length && /\d/.test(a.charAt(i))) na += a.charAt(i++);
    while (j < b.length && /\d/.test(b.charAt(j))) nb += b.charAt(j++);
    const d = BigInt(na === '' ? '0' : na) - BigInt(nb === '' ? '0' : nb);
    if (d !== 0n) return d > 0n ? 1 : -1;
  }
  return 0;
}

function split(v: string): [number, string, string] {
  const colon = v.indexOf(':');
  const epoch = colon >= 0 ? Number(v.slice(0, colon)) : 0;
  const rest = colon >= 0 ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf('-');
  return dash >= 0 ? [epoch, rest.slice(0, dash), rest.slice(dash + 1)] : [epoch, rest, ''];
}

/** Negative when a sorts before b, 0 when equal, positive after (as `dpkg --compare-versions`). */
export function compareDebianVersions(a: string, b: string): number {
  const [ea, ua, ra] = split(a);
  const [eb, ub, rb] = split(b);
  if (ea !== eb) return Math.sign(ea - eb);
  return comparePart(ua, ub) || comparePart(ra, rb);
}
