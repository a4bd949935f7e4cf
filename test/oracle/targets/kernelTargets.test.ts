import { describe, expect, it } from 'vitest';
import {
  DEBIAN_KERNELS,
  parseKernelTarget,
  packageOfSeries,
  targetNames,
  UnknownKernelTargetError,
} from '../../../src/oracle/targets/kernelTargets.js';
import { compareDebianVersions } from '../../../src/oracle/targets/_internals/debianVersion.js';
import { choosePackage } from '../../../src/oracle/targets/_internals/choosePackage.js';

const of = (series: string) => {
  const k = DEBIAN_KERNELS.find((d) => d.series === series);
  if (k === undefined) throw new Error(`no ${series}`);
  return k;
};

describe('the pinned table', () => {
  it('has one target per series Debian ships, oldest first, each a different package', () => {
    expect(DEBIAN_KERNELS.map((k) => k.series)).toEqual([
      '5.10',
      '6.1',
      '6.12',
      '6.16',
      '6.17',
      '6.18',
      '6.19',
      '7.0',
      '7.1',
      '7.2',
      '7.3',
    ]);
    expect(new Set(DEBIAN_KERNELS.map((k) => k.package)).size).toBe(DEBIAN_KERNELS.length);
  });

  it('puts the image under /usr/lib/modules from 6.19 on (linux-binary-*), under /boot before', () => {
    for (const k of DEBIAN_KERNELS) {
      const [major, minor] = k.series.split('.').map(Number);
      const modules = (major ?? 0) > 6 || ((major ?? 0) === 6 && (minor ?? 0) >= 19);
      expect(k.layout, k.target).toBe(modules ? 'modules' : 'boot');
      expect(k.package.startsWith(modules ? 'linux-binary-' : 'linux-image-'), k.target).toBe(true);
      expect(packageOfSeries(k.package, k), k.target).toBe(true);
    }
  });
});

describe('parseKernelTarget', () => {
  it('reads host, nothing, linux-X.Y and the bare series', () => {
    expect(parseKernelTarget(undefined)).toEqual({ kind: 'host' });
    expect(parseKernelTarget(true)).toEqual({ kind: 'host' });
    expect(parseKernelTarget('host')).toEqual({ kind: 'host' });
    expect(parseKernelTarget('linux-6.1')).toMatchObject({ kind: 'debian', series: '6.1' });
    expect(parseKernelTarget('7.3')).toMatchObject({ kind: 'debian', target: 'linux-7.3' });
  });

  it('rejects an unknown target with the list of valid ones', () => {
    expect(() => parseKernelTarget('linux-6.2')).toThrow(UnknownKernelTargetError);
    expect(() => parseKernelTarget('linux-6.2')).toThrow(/linux-5\.10, linux-6\.1,/);
    expect(targetNames()[0]).toBe('host');
  });
});

describe('packageOfSeries', () => {
  it('matches the same flavour and series, not a neighbour, a meta package or a bullseye backport', () => {
    const k61 = of('6.1');
    expect(packageOfSeries('linux-image-6.1.0-56-cloud-amd64-unsigned', k61)).toBe(true);
    expect(packageOfSeries('linux-image-6.1.0-56-cloud-amd64', k61)).toBe(false); // signed
    expect(packageOfSeries('linux-image-6.12.117+deb12-cloud-amd64-unsigned', k61)).toBe(false);
    expect(packageOfSeries('linux-image-6.1-cloud-amd64', k61)).toBe(false);
    expect(packageOfSeries('linux-image-6.1.0-0.deb11.52-cloud-amd64-unsigned', k61)).toBe(false);
    expect(packageOfSeries('linux-image-6.1.0-56-rt-amd64-unsigned', k61)).toBe(false);
    expect(packageOfSeries('linux-binary-7.3.2+deb13-cloud-amd64', of('7.3'))).toBe(true);
    expect(packageOfSeries('linux-binary-unsigned-7.3.2+deb13-cloud-amd64', of('7.3'))).toBe(false);
  });
});

describe('compareDebianVersions (deb-version(7) order)', () => {
  it.each([
    ['6.1.192-3', '6.1.192-2', 1],
    ['6.1.192-1', '6.1.190-1', 1],
    ['5.10.262-1', '5.10.223-1', 1],
    ['6.12.117-1~deb12u1', '6.12.117-1', -1], // ~ sorts before the end
    ['7.3~rc7-1~exp1', '7.3.4-1~bpo13+1', -1],
    ['6.19.6-2~bpo13+1', '6.19.14-1~bpo13+1', -1],
    ['1:1.0-1', '2.0-1', 1], // epoch first
    ['1.0a-1', '1.0-1', 1],
    ['1.0+b1', '1.0', 1],
    ['6.1.192-3', '6.1.192-3', 0],
  ])('%s vs %s', (a, b, want) => {
    expect(Math.sign(compareDebianVersions(a, b))).toBe(want);
    expect(Math.sign(compareDebianVersions(b, a))).toBe(want === 0 ? 0 : -want);
  });
});

describe('choosePackage: the pinned version, else the newest of the series', () => {
  const k61 = of('6.1');
  it('takes the pinned package when the archive has it', () => {
    const got = choosePackage(k61, [
      { package: 'linux-image-6.1.0-58-cloud-amd64-unsigned', version: '6.1.199-1' },
      { package: k61.package, version: k61.version },
    ]);
    expect(got).toEqual({ package: k61.package, version: k61.version });
  });

  it('falls back to the newest of the series, and says so', () => {
    const got = choosePackage(k61, [
      { package: 'linux-image-6.1.0-58-cloud-amd64-unsigned', version: '6.1.199-1' },
      { package: 'linux-image-6.1.0-59-cloud-amd64-unsigned', version: '6.1.201-1' },
      { package: 'linux-image-6.12.130+deb12-cloud-amd64-unsigned', version: '6.12.130-1' },
      { package: k61.package, version: '6.1.192-2' }, // another revision is not the pin
    ]);
    expect(got?.package).toBe('linux-image-6.1.0-59-cloud-amd64-unsigned');
    expect(got?.version).toBe('6.1.201-1');
    expect(got?.fallback).toMatch(
      /pinned .* 6\.1\.192-3 is no longer .* newest of the 6\.1 series/,
    );
  });

  it('gives nothing when the series is gone', () => {
    expect(
      choosePackage(k61, [{ package: 'linux-image-6.12.1-cloud-amd64', version: '1' }]),
    ).toBeUndefined();
  });
});
