/**
 * The demo in a real browser: Debian's Chromium, driven by playwright-core, against the demo
 * started in this process. Proves what only a browser can: `HttpOnly`, `Secure` on a
 * loopback origin, the cache after logout, and a cross-site form refused.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startDemo } from '../src/demo/server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test-results/browser';
const SKIP =
  existsSync(CHROMIUM) || process.env['TESSERA_REQUIRE_SERVICES'] === '1'
    ? undefined
    : `no browser at ${CHROMIUM}`;

/** A page that auto-submits a form to `action`: what a hostile site would serve. */
const attackPage = (action: string): string =>
  `<!doctype html><form method="post" action="${action}">` +
  `<input type="hidden" name="csrf_token" value="forged"></form>` +
  `<script>document.forms[0].submit()</script>`;

describe.skipIf(SKIP !== undefined)(
  `the demo in Chromium${SKIP ? ` (skipped: ${SKIP})` : ''}`,
  () => {
    let browser: Browser;
    let base: string;
    let evil: string;
    /** What afterAll closes, last opened first, including what a failed beforeAll opened. */
    const closers: (() => Promise<unknown>)[] = [];

    beforeAll(async () => {
      await mkdir(ARTIFACTS, { recursive: true });
      const dataDir = await mkdtemp(join(tmpdir(), 'tessera-browser-'));
      closers.push(() => rm(dataDir, { recursive: true, force: true }));
      const demo = await startDemo({ port: 0, store: 'memory', dataDir, log: () => undefined });
      closers.push(() => demo.close());
      base = demo.url.slice(0, -1);
      // Another loopback address is another site: 127.0.0.2 is cross-site to 127.0.0.1.
      const attacker = createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(attackPage(base + (req.url ?? '/')));
      });
      await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.2', resolve));
      closers.push(() => new Promise((resolve) => attacker.close(resolve)));
      evil = `http://127.0.0.2:${(attacker.address() as AddressInfo).port}`;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        timeout: 20_000,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      closers.push(() => browser.close());
    }, 40_000);

    afterAll(async () => {
      for (const close of closers.reverse()) await close();
    });

    /** A page in a fresh browser context (its own cookie jar), closed after the test. */
    async function newPage(): Promise<Page> {
      const context = await browser.newContext();
      onTestFinished(() => context.close());
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      return page;
    }

    async function logIn(page: Page, username = 'alice', password = 'wonderland'): Promise<void> {
      await page.goto(`${base}/`);
      await page.fill('input[name=username]', username);
      await page.fill('input[name=password]', password);
      await page.click('button:text("Log in")');
      await page.getByText(`Logged in as ${username}`).waitFor();
    }

    /** The body text of `path`, as the browser shows it. */
    async function show(page: Page, path: string): Promise<string> {
      await page.goto(base + path);
      return page.innerText('body');
    }

    const shoot = (page: Page, name: string) =>
      page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

    it('logs in through the HTML form with a Secure, HttpOnly __Host- cookie', async () => {
      const page = await newPage();
      await logIn(page);
      await shoot(page, 'logged-in');
      const cookies = await page.context().cookies(base);
      expect(cookies).toEqual([
        expect.objectContaining({
          name: '__Host-sid',
          path: '/',
          httpOnly: true,
          secure: true,
          sameSite: 'Lax',
        }),
      ]);
      expect(await page.evaluate<string>('document.cookie')).not.toContain('__Host-sid');
      expect(JSON.parse(await show(page, '/data'))).toEqual({
        data: 'Secure data access granted',
        user_id: 'alice',
      });
      await page.goto(`${base}/`);
      await page.reload();
      expect(await page.innerText('body')).toContain('Logged in as alice');
    });

    it('keeps each browser context a separate session', async () => {
      const [first, second] = [await newPage(), await newPage()];
      await logIn(first);
      expect(await show(second, '/')).toContain('Log in');
      await logIn(second, 'bob', 'builder');
      expect(await show(first, '/')).toContain('Logged in as alice');
      expect(await show(second, '/')).toContain('Logged in as bob');
    });

    it('logs out everywhere from one context, ending the other’s session', async () => {
      const [laptop, phone] = [await newPage(), await newPage()];
      await logIn(laptop);
      await logIn(phone);
      await laptop.click('button:text("Log out everywhere")');
      await laptop.getByText('Demo users').waitFor();
      expect(await laptop.context().cookies(base)).toEqual([
        expect.objectContaining({ name: '__Host-sid' }), // the fresh pre-session of the login form
      ]);
      expect(JSON.parse(await show(phone, '/data'))).toEqual({ detail: 'Not authenticated' });
      await shoot(phone, 'other-context-logged-out');
    });

    it('does not show private data after logout and Back', async () => {
      const page = await newPage();
      await logIn(page);
      expect(await show(page, '/data')).toContain('alice');
      await page.goto(`${base}/`);
      await page.click('button:text("Log out")');
      await page.getByText('Demo users').waitFor();
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      await page.goBack();
      await page.goBack();
      await shoot(page, 'after-logout-back');
      expect(page.url()).toBe(`${base}/data`);
      const shown = await page.innerText('body');
      // Either the browser asked again (no-store) or what it shows is no longer alice's.
      expect(requested.includes(`${base}/data`) || !shown.includes('alice')).toBe(true);
      expect(shown).not.toContain('alice');
    });

    it.each(['/counter', '/logout'])(
      'refuses a cross-site form posting to %s, leaving the session alone',
      async (path) => {
        const page = await newPage();
        await logIn(page);
        await page.click('button:text("Count: 0")');
        await page.getByText('Count: 1').waitFor();
        const answered = page.waitForResponse(`${base}${path}`);
        await page.goto(evil + path);
        const response = await answered;
        expect(response.status()).toBe(403);
        expect(await response.json()).toEqual({ detail: 'Cross-site request refused' });
        await shoot(page, `cross-site-${path.slice(1)}`);
        expect(await show(page, '/')).toContain('Logged in as alice');
        expect(await page.innerText('body')).toContain('Count: 1');
      },
    );
  },
);
