// The composed machine with its transition function memoized by (state key, event key):
// @xstate/graph's getShortestPaths builds its own adjacency map again, and the bridge asks for
// it once more; with the memo, the machine computes each transition once.

import { createEmptyActor } from 'xstate';
import type { MmEvent } from '../../../spec/machines/mmEvent.js';
import type { MmMachine } from '../../../spec/machines/mmMachine.js';

type Snap = ReturnType<MmMachine['getInitialSnapshot']>;
type Scope = Parameters<MmMachine['getInitialSnapshot']>[0];

export interface MemoizedMachine extends MmMachine {
  /** An actor scope for getInitialSnapshot outside an actor. */
  readonly scope: Scope;
}

export function memoizedMachine(
  machine: MmMachine,
  stateKey: (s: Snap) => string,
  eventKey: (e: MmEvent) => string,
): MemoizedMachine {
  const memo = new Map<string, Snap>();
  const logic = Object.create(machine) as MmMachine & { scope: Scope };
  const actor = createEmptyActor();
  // The scope @xstate/graph builds for itself (createMockActorScope): an empty actor.
  const scope = {
    self: actor,
    logger: () => undefined,
    id: '',
    sessionId: 'graph',
    defer: () => undefined,
    system: actor.system,
    stopChild: () => undefined,
    emit: () => undefined,
    actionExecutor: () => undefined,
  };
  logic.scope = scope as unknown as Scope;
  logic.transition = (snapshot, event, scope) => {
    const key = `${stateKey(snapshot)}\n${eventKey(event)}`;
    let next = memo.get(key);
    if (next === undefined) {
      next = machine.transition(snapshot, event, scope);
      memo.set(key, next);
    }
    return next;
  };
  return logic;
}
