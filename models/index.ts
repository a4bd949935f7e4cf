// The registry of models: kernel versions and proposed designs, one small file each.
import type { KernelModel } from '../src/kernel/model.js';
import { linux618 } from './linux-6.18.js';

export const MODELS: readonly KernelModel[] = [linux618];

export function findModel(name: string): KernelModel | undefined {
  return MODELS.find((m) => m.name === name);
}
