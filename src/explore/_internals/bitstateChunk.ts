// The expanding half of the bit-state search, run on the calling thread or in a worker: a chunk
// of one level's states in, their successors out as packed records with both hashes already
// computed, in the order the system emits them. The other half, testing and setting bits, is
// the driver's alone (see exploreBitstate), so the bits are set in the same order whatever the
// number of threads, and the search finds the same states as on one thread.

import { Decoder } from '../decoder.js';
import { Encoder } from '../encoder.js';
import type { Partition } from '../exploreOptions.js';
import type { TransitionSystem } from '../transitionSystem.js';
import { NONE } from './expander.js';
import { trimmedLength } from './frontierQueue.js';
import { checkStep, encodeCanonical } from './checkStep.js';
import { hashWords } from './hashWords.js';
import type { ChunkJob, ChunkResult } from './workerProtocol.js';

/** The second hash of double hashing: bit i of a state is h1 + i * h2. */
export const SECOND_SEED = 0x5bd1e995;

/** Words before a successor's key in a record: parent, ordinal, h1, h2, key length. */
export const RECORD_HEAD = 5;

export class BitstateChunk<S, L> {
  private readonly encoder: Encoder;
  private readonly decoder = new Decoder();
  private readonly width: number;
  private out = new Int32Array(1 << 16);
  private used = 0;

  /** `initialCount`: states below this index are initial (only their transitions are split). */
  constructor(
    private readonly system: TransitionSystem<S, L>,
    private readonly partition: Partition | null,
    private readonly initialCount: number,
  ) {
    this.width = system.encodedWords;
    this.encoder = new Encoder(this.width, `${system.name}.encode`);
  }

  run(job: ChunkJob): ChunkResult {
    const { system, width, encoder, partition } = this;
    const decode = system.decode?.bind(system);
    if (decode === undefined) throw new TypeError(`${system.name}: bit-state search needs decode`);
    const invariants = system.invariants;
    const props = system.transitionProperties ?? [];
    const violations = new Int32Array(invariants.length + props.length).fill(NONE);
    let transitions = 0;
    this.out = new Int32Array(Math.max(1 << 12, job.count * 4 * (width + RECORD_HEAD)));
    this.used = 0;
    for (let j = 0; j < job.count; j++) {
      const index = job.firstIndex + j;
      const s = decode(this.decoder.reset(job.keys.subarray(j * width, (j + 1) * width)));
      for (let k = 0; k < invariants.length; k++)
        if (violations[k] === NONE && invariants[k]?.holds(s) === false) violations[k] = index;
      if (!job.expand) continue;
      const split = partition !== null && index < this.initialCount;
      let ordinal = -1;
      system.successors(s, (label, to) => {
        ordinal++;
        if (split && (index + ordinal) % partition.count !== partition.index) return;
        transitions++;
        if (!checkStep(system, violations, index, s, label, to)) return;
        this.push(index, ordinal, encodeCanonical(system, to, encoder));
      });
    }
    return { transitions, violations, successors: this.out, used: this.used };
  }

  private push(parent: number, ordinal: number, key: Int32Array): void {
    const width = this.width;
    const length = trimmedLength(key, width);
    if (this.used + RECORD_HEAD + length > this.out.length) {
      const bigger = new Int32Array(this.out.length * 2 + RECORD_HEAD + length);
      bigger.set(this.out.subarray(0, this.used));
      this.out = bigger;
    }
    const out = this.out;
    const at = this.used;
    out[at] = parent;
    out[at + 1] = ordinal;
    out[at + 2] = hashWords(key, width);
    out[at + 3] = hashWords(key, width, 0, SECOND_SEED) | 1;
    out[at + 4] = length;
    out.set(key.subarray(0, length), at + RECORD_HEAD);
    this.used = at + RECORD_HEAD + length;
  }
}
