// What a model file of the user's own imports as 'mmspec': the model type and `extend`, the
// registered models to extend, the decision points' types, and the kernel's vocabulary (uapi
// constants, VM_* flags and their helpers, gup flags). models/_internals/loadModelFile.ts
// type-checks a file against this module and runs it against its compiled copy.

export { extend } from '../src/kernel/model.js';
export type { KernelModel, ModelChange } from '../src/kernel/model.js';
export type * from '../src/kernel/decisions.js';
export { getModel, REGISTERED } from './registry.js';
export * from '../src/uapi/constants.js';
export * from '../src/uapi/vmFlags.js';
export * from '../src/kernel/gup.js';
