// Directives: `model NAME`, `rlimit MEMLOCK N|unlimited`, `rlimit DATA N|unlimited`,
// `cap CAP_IPC_LOCK on|off`, `thp on|off`.

import type { Directives } from '../ast.js';
import { parseExpr } from './parseExpr.js';
import type { TokenStream } from './tokenStream.js';

const LIMIT_EXPECTED = 'a number of bytes (16P, 65536) or unlimited';

/** Parses one directive line (the cursor is on its keyword) into the directives so far. */
export function parseDirective(ts: TokenStream, so: Directives): Directives {
  const keyword = ts.next();
  const pos = keyword.pos;
  const once = (present: unknown) => {
    if (present !== undefined) {
      ts.fail(
        pos,
        `second '${keyword.text}' directive`,
        `one '${keyword.text}' directive a trace`,
        keyword.text.length,
      );
    }
  };
  let result: Directives;
  if (keyword.text === 'model') {
    once(so.model);
    const name = ts.next();
    if (name.kind !== 'word') return ts.unexpected('a model name such as linux-6.18', name);
    result = { ...so, model: { name: name.text, pos } };
  } else if (keyword.text === 'rlimit') {
    const resource = ts.next();
    const data = resource.kind === 'ident' && resource.text === 'DATA';
    if (!data && (resource.kind !== 'ident' || resource.text !== 'MEMLOCK')) {
      return ts.unexpected('MEMLOCK or DATA (the resource limits a trace sets)', resource);
    }
    once(data ? so.rlimitData : so.rlimitMemlock);
    if (ts.atEnd()) ts.unexpected(LIMIT_EXPECTED);
    const unlimited = ts.isIdent('unlimited');
    if (unlimited) ts.next();
    const limit = { value: unlimited ? ('unlimited' as const) : parseExpr(ts), pos };
    result = data ? { ...so, rlimitData: limit } : { ...so, rlimitMemlock: limit };
  } else if (keyword.text === 'thp') {
    once(so.thp);
    result = { ...so, thp: { on: onOff(ts), pos } };
  } else {
    once(so.capIpcLock);
    const cap = ts.next();
    if (cap.kind !== 'ident' || cap.text !== 'CAP_IPC_LOCK') {
      return ts.unexpected('CAP_IPC_LOCK (the one capability a trace sets)', cap);
    }
    result = { ...so, capIpcLock: { on: onOff(ts), pos } };
  }
  ts.expectEnd();
  return result;
}

/** The `on` or `off` that ends a `cap` or `thp` directive. */
function onOff(ts: TokenStream): boolean {
  const state = ts.next();
  if (state.kind !== 'ident' || (state.text !== 'on' && state.text !== 'off')) {
    return ts.unexpected("'on' or 'off'", state);
  }
  return state.text === 'on';
}
