// The xstate configuration types of the spec's machines, spelled once.

import type {
  EventObject,
  GuardPredicate,
  MetaObject,
  ParameterizedObject,
  ProvidedActor,
  StateNodeConfig,
  TransitionConfig,
} from 'xstate';
import type { MmContext } from '../mmContext.js';
import type { MmEvent } from '../mmEvent.js';

export type MmStateConfig = StateNodeConfig<
  MmContext,
  MmEvent,
  ProvidedActor,
  ParameterizedObject,
  ParameterizedObject,
  string,
  string,
  unknown,
  EventObject,
  MetaObject
>;

export type MmTransition = TransitionConfig<
  MmContext,
  MmEvent,
  MmEvent,
  ProvidedActor,
  ParameterizedObject,
  ParameterizedObject,
  string,
  EventObject,
  MetaObject
>;

export type MmGuard = GuardPredicate<MmContext, MmEvent, undefined, ParameterizedObject>;
