// Which Debian package a target runs: the pinned one when the archive still has it, else the
// newest package of the same series (Debian drops old point releases), said so in the report.

import type { DebianKernel } from '../kernelTargets.js';
import { packageOfSeries } from '../kernelTargets.js';
import { compareDebianVersions } from './debianVersion.js';
import type { PackageVersion } from './aptArchive.js';

export interface Choice extends PackageVersion {
  /** Set when the pinned package is gone: what was pinned, and why another was taken. */
  readonly fallback?: string;
}

/** undefined when the archive has nothing of the series. */
export function choosePackage(
  kernel: DebianKernel,
  available: readonly PackageVersion[],
): Choice | undefined {
  const pinned = available.find(
    (p) => p.package === kernel.package && compareDebianVersions(p.version, kernel.version) === 0,
  );
  if (pinned !== undefined) return { package: kernel.package, version: kernel.version };
  const newest = available
    .filter((p) => packageOfSeries(p.package, kernel))
    .reduce<PackageVersion | undefined>(
      (best, p) =>
        best === undefined || compareDebianVersions(p.version, best.version) > 0 ? p : best,
      undefined,
    );
  if (newest === undefined) return undefined;
  return {
    ...newest,
    fallback:
      `the pinned ${kernel.package} ${kernel.version} is no longer in Debian's archive; ` +
      `using the newest of the ${kernel.series} series, ${newest.package} ${newest.version}`,
  };
}
