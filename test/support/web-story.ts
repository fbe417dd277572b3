import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Locator, Page } from 'playwright-core';
import { WEB_DIST_DIR } from '@naskah/api';
import { SeededOrganization } from '@naskah/seed';
import { expectEventually, startApi, TestApi } from './api';
import { launchChromium } from './browser';
import { closeTestDataSource, createTestOrganization, OfficeFile } from './fixtures';
import { startTestWorker } from './worker';

export const ARTIFACTS = join(__dirname, '..', 'artifacts', 'web');
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2 A and AA rules on the page as it is: the serious and critical findings. */
export async function accessibilityProblems(page: Page): Promise<Array<{ rule: string; help: string; where: string[] }>> {
  // Evaluated through the browser's debugging protocol: the page's CSP (no inline scripts) stays in force for the app itself.
  // Once per document (half a megabyte to parse): a screen checked at two widths, or again after a click, reuses it.
  if (await page.evaluate(`typeof window.axe === 'undefined'`)) await page.evaluate(AXE);
  return page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }).then((r) => r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ rule: v.id, help: v.help, where: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`);
}

export const visible = (l: Locator, timeout = 15_000) => l.waitFor({ state: 'visible', timeout });
export const hasText = (l: Locator, text: string | RegExp) =>
  expectEventually(async () => {
    const t = await l.innerText({ timeout: 2_000 });
    if (typeof text === 'string') expect(t).toContain(text);
    else expect(t).toMatch(text);
  });
export const lacksText = (l: Locator, text: string) =>
  expectEventually(async () => expect(await l.innerText({ timeout: 2_000 })).not.toContain(text));
export const count = (l: Locator, n: number) => expectEventually(async () => expect(await l.count()).toBe(n));

export interface BrowserStory {
  readonly api: TestApi;
  /** The API's own address: the web app, and the QR links the API renders into letters. */
  readonly origin: string;
  readonly org: SeededOrganization;
  readonly browser: Browser;
  /** Uncaught page errors and Content-Security-Policy refusals, to be empty at the end. */
  readonly pageErrors: string[];
  /** A browser session of one official, signed in through the login page (own storage, so own token). */
  signIn(code: string, viewport?: { width: number; height: number }, office?: SeededOrganization): Promise<Page>;
  /** A screenshot at desktop and phone width; both pass axe's WCAG 2 AA rules, and nothing scrolls sideways on the phone. */
  shot(page: Page, name: string): Promise<void>;
}

/**
 * Registers a browser story's lifecycle: the real API (serving the built web app) and worker on a
 * task queue of its own, Debian's Chromium, and a fresh office; screenshots go to test/artifacts/web
 * named `<shotPrefix><n>-<name>-<desktop|phone>.png`.
 */
export function useBrowserStory(opts: { queue: string; shotPrefix?: string; office?: OfficeFile; overrides?: Record<string, string> }): BrowserStory {
  let api: TestApi | undefined;
  let browser: Browser | undefined;
  let org: SeededOrganization | undefined;
  let stopWorker: (() => Promise<void>) | undefined;
  let shots = 0;
  const pageErrors: string[] = [];
  const need = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error('the browser story is not started yet');
    return x;
  };

  beforeAll(async () => {
    if (!WEB_DIST_DIR) throw new Error('dist/web is missing: `npm test` builds it first (npm run build:web)');
    api = await startApi({ TEMPORAL_TASK_QUEUE: `${opts.queue}-${Date.now()}`, ...opts.overrides });
    // The API knows its own address once it listens (startApi): the worker renders the same links.
    stopWorker = (await startTestWorker(api.cfg)).stop;
    browser = await launchChromium();
    org = await createTestOrganization(opts.office ?? 'batam-dkum.yaml');
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    // The API first, while the worker still answers the updates of requests it is finishing.
    try {
      await api?.close();
    } finally {
      await stopWorker?.();
    }
    await closeTestDataSource();
  });

  const story: BrowserStory = {
    get api() {
      return need(api);
    },
    get origin() {
      return need(api).cfg.PUBLIC_BASE_URL!.replace(/\/$/, '');
    },
    get org() {
      return need(org);
    },
    get browser() {
      return need(browser);
    },
    pageErrors,
    async signIn(code, viewport = DESKTOP, office = need(org)) {
      const context = await need(browser).newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
      // The app runs under its Content-Security-Policy with nothing refused (no inline script or style it relies on).
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(`${page.url()}: ${m.text()}`);
      });
      await page.goto(`${story.origin}/`);
      await page.waitForURL(/\/masuk$/);
      await page.getByLabel('NIP').fill(office.officials[code].nip);
      await page.getByLabel('Kata sandi').fill('naskah123');
      await page.getByRole('button', { name: 'Masuk' }).click();
      await visible(page.getByTestId('official-name'));
      return page;
    },
    async shot(page, name) {
      const n = String(++shots).padStart(2, '0');
      const size = page.viewportSize()!;
      for (const [label, viewport] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        await page.setViewportSize(viewport);
        // At phone width nothing may stick out sideways (a 390 px screen scrolls only down).
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect({ screen: name, viewport: label, overflow }).toEqual({ screen: name, viewport: label, overflow: 0 });
        expect({ screen: name, viewport: label, problems: await accessibilityProblems(page) }).toEqual({
          screen: name,
          viewport: label,
          problems: [],
        });
        await page.screenshot({ path: join(ARTIFACTS, `${opts.shotPrefix ?? ''}${n}-${name}-${label}.png`), fullPage: true });
      }
      await page.setViewportSize(size);
    },
  };
  return story;
}
