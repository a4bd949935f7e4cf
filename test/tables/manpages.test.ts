import { describe, expect, it } from 'vitest';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { loadClaims, parseClaim, ClaimFileError } from '../../src/tables/manpages/manClaim.js';
import { driftReport } from '../../src/tables/manpages/driftReport.js';
import { renderDriftReport } from '../../src/tables/manpages/renderDriftReport.js';
import { verdictHeld } from '../../src/tables/manpages/checkClaims.js';
import { getModel } from '../../models/registry.js';

const linux = engineOf(getModel('linux-6.18'));

describe('man-page claims', () => {
  it('about forty statements of mlock.2, mmap.2, madvise.2 and mremap.2, each naming page and section', async () => {
    const claims = await loadClaims('spec/manpages');
    const statements = claims.filter((c) => c.kind === 'statement');
    expect(statements.length).toBeGreaterThanOrEqual(40);
    expect(new Set(claims.map((c) => c.page))).toEqual(
      new Set(['mlock.2', 'mmap.2', 'madvise.2', 'mremap.2']),
    );
    for (const c of claims) expect(c.section.length, c.id).toBeGreaterThan(0);
  });

  it('on linux-6.18: the statements found false hold nowhere, every unmentioned behaviour is confirmed', async () => {
    const report = await driftReport(await loadClaims('spec/manpages'), [linux], linux);
    const failing = report.claims
      .filter((c) => c.claim.kind === 'statement' && !c.verdicts.every(verdictHeld))
      .map((c) => c.claim.id)
      .sort();
    expect(failing).toEqual([
      'error_changes_nothing',
      'fork_same_attributes',
      'mlockall_current_past_eof',
      'mlockall_current_prot_none',
      'populate_hole_rest',
    ]);
    const unconfirmed = report.claims.filter(
      (c) => c.claim.kind === 'unmentioned' && !c.verdicts.every(verdictHeld),
    );
    expect(unconfirmed).toEqual([]);
    expect(report.errnos.map((e) => `${e.call} ${e.errno}`)).toContain('madvise EINTR');
    const text = renderDriftReport(report);
    expect(text).toContain('Statements false or incomplete on some engine (5)');
    expect(text).toContain('populate_hole_rest (madvise.2, VERSIONS, Linux)');
  });

  it('refuses a claim whose header lacks its page', () => {
    expect(() =>
      parseClaim('x.mmt', '# section: s\n# kind: statement\n# says: s\nmunlockall() = 0\n'),
    ).toThrow(ClaimFileError);
  });
});
