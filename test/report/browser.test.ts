// The report in a real browser: Debian's chromium driven by playwright-core opens the site from
// disk, follows the corpus to a trace, steps through a counterexample and sees the picture
// change, and no page logs a console error. Screenshots of the main pages are kept under
// dist/report-screenshots (a build folder, never committed).

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTERED } from '../../models/registry.js';
import { SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { buildSite } from '../../src/report/site/buildSite.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const root = new URL('../..', import.meta.url).pathname;
const shots = join(root, 'dist/report-screenshots');

// CI installs chromium (.ci/run); elsewhere the test says why it did not run.
const run = CHROMIUM !== undefined || process.env['CI'] === 'true' ? describe : describe.skip;

run('mmspec report in chromium', () => {
  let browser: Browser;
  let site: string;
  const errors: string[] = [];

  beforeAll(async () => {
    site = await mkdtemp(join(tmpdir(), 'mmspec-report-'));
    await buildSite({
      out: site,
      models: REGISTERED,
      kernels: [],
      bound: SMALL_KERNEL_BOUND,
    });
    await mkdir(shots, { recursive: true });
    browser = await chromium.launch({
      ...(CHROMIUM === undefined ? {} : { executablePath: CHROMIUM }),
      args: ['--no-sandbox'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${path}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
    await page.goto(pathToFileURL(join(site, path)).href);
    return page;
  }

  it('shows the models and the kernels on the overview', async () => {
    const page = await open('index.html');
    await expect(page.locator('table').first().textContent()).resolves.toContain('linux-6.18');
    await page.screenshot({ path: join(shots, 'index.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('filters the corpus and follows a trace to its page', async () => {
    const page = await open('litmus/index.html');
    await page.fill('input.search', 'MAP_FIXED+locked');
    const visible = page.locator('#traces tr[data-text]:visible');
    expect(await visible.count()).toBeGreaterThan(0);
    expect(await visible.count()).toBeLessThan(10);
    await visible.first().locator('a').click();
    await expect(page.locator('pre').first().textContent()).resolves.toContain('mmap(');
    await page.screenshot({ path: join(shots, 'litmus-trace.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('follows a truth-table cell to the trace that shows it, on each engine', async () => {
    const page = await open('tables.html');
    await page.locator('a', { hasText: 'mlockall-order' }).click();
    await expect(page.locator('th').first().textContent()).resolves.toBe('#');
    await page.locator('table tr td a').first().click();
    await expect(page.locator('.cell-trace pre').first().textContent()).resolves.toContain(
      'mlockall(MCL_CURRENT)',
    );
    expect(await page.locator('.stepper .frame').count()).toBeGreaterThan(1);
    await page.screenshot({ path: join(shots, 'table-cell.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('steps through a counterexample and the picture changes', async () => {
    const page = await open('check.html');
    const stepper = page.locator('.stepper').first();
    const current = stepper.locator('.frame.current');
    const before = await current.innerHTML();
    const caption = await current.locator('figcaption').textContent();
    await stepper.locator('button.next').click();
    const after = await current.innerHTML();
    expect(after).not.toEqual(before);
    expect(await current.locator('figcaption').textContent()).not.toEqual(caption);
    await expect(stepper.locator('.where').textContent()).resolves.toMatch(/^step 2 of \d+$/);
    await page.screenshot({ path: join(shots, 'check.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('opens every other page without a console error', async () => {
    for (const path of [
      'models.html',
      'documents.html',
      'claims.html',
      'manpages.html',
      'tables/fork.html',
    ])
      await (await open(path)).close();
    expect(errors).toEqual([]);
  });
});
