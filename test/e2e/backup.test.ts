import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseBackup } from '../../utils/store/backup';
import { BROWSERS, type BrowserSession, type PageDriver } from './support/browser-session';
import { builtExtensionDir } from './support/extension-dirs';
import { bringToFront, sendToBackground } from './pages/extension-pages';
import { sleep } from './support/wait';

// backup.ts reads the defaults from settings.ts, whose storage items need an extension; here only the pure parser runs.
vi.mock('wxt/utils/storage', () => ({ storage: { defineItem: () => ({}) } }));

const STRICT_CSP = "script-src 'self'; object-src 'self'";

describe('the built manifests', () => {
  interface Manifest {
    manifest_version: number;
    content_security_policy: unknown;
    host_permissions?: string[];
    content_scripts?: { matches?: string[] }[];
  }
  const manifest = (browser: 'chrome' | 'firefox') => JSON.parse(readFileSync(join(builtExtensionDir(browser), 'manifest.json'), 'utf8')) as Manifest;

  it('carry the strict extension CSP: the MV3 object for Chrome, the MV2 string for Firefox', () => {
    expect(manifest('chrome')).toMatchObject({ manifest_version: 3, content_security_policy: { extension_pages: STRICT_CSP } });
    expect(manifest('firefox')).toMatchObject({ manifest_version: 2, content_security_policy: STRICT_CSP });
  });

  it('ask Chrome at install for host access to the content script’s own sites and nothing wider', () => {
    const chrome = manifest('chrome');
    const sites = new Set((chrome.content_scripts ?? []).flatMap((script) => script.matches ?? []));
    // The test build's one extra: a loopback site the tests enable without a prompt.
    const asked = (chrome.host_permissions ?? []).filter((pattern) => pattern !== 'http://127.0.0.2/*');
    expect([...asked].sort()).toEqual([...sites].sort());
    expect(asked.some((pattern) => pattern.includes('://*') || pattern === '<all_urls>')).toBe(false);
  });
});

describe.each(Object.entries(BROWSERS))('export and import on the options page in %s', (_name, launch) => {
  let session: BrowserSession;
  let exported = '';

  const storedKeys = async (page: PageDriver) =>
    (await sendToBackground<{ corrections: { postKey: string; category: string }[] }>(page, { type: 'hc:list-corrections' })).corrections
      .map((c) => `${c.postKey}=${c.category}`)
      .sort();
  const listed = (page: PageDriver) =>
    page.evaluate(() => [...document.querySelectorAll('[data-testid="corrections"] li')].map((li) => (li as HTMLElement).dataset.postKey ?? '').sort());
  const text = (page: PageDriver, testid: string) =>
    page.evaluateWith((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '', testid);

  async function openOptions(): Promise<PageDriver> {
    const options = await session.newPage();
    await options.goto(session.extensionUrl('/options.html'));
    await bringToFront(options);
    await expect.poll(() => options.evaluate(() => !!document.querySelector('[data-testid="import-file"]')), { timeout: 5_000 }).toBe(true);
    return options;
  }

  /** Chooses a file in the import control, as a reader picking one in the file dialog would. */
  async function chooseFile(page: PageDriver, name: string, content: string, mode: 'merge' | 'replace') {
    await page.click(`[data-testid="import-mode-${mode}"]`);
    await page.evaluateWith(
      ([fileName, body]) => {
        const input = document.querySelector('[data-testid="import-file"]') as HTMLInputElement;
        const transfer = new DataTransfer();
        transfer.items.add(new File([body], fileName, { type: 'application/json' }));
        input.files = transfer.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      },
      [name, content] as [string, string],
    );
  }

  beforeAll(async () => {
    session = await launch({ viewport: { width: 1000, height: 1400 } });
    const helper = await session.newPage();
    await helper.goto(session.extensionUrl('/popup.html'));
    for (const [index, category] of (['legislation', 'civic_recruiting'] as const).entries()) {
      const post = { key: `backup:${index}`, text: `Backup probe ${index} zum #Protokoll`, watchedTags: ['protokoll'] };
      expect(await sendToBackground(helper, { type: 'hc:correct', post, category })).toEqual({ ok: true });
      await sleep(5);
    }
    await helper.evaluate(async () => {
      const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as {
        storage: { sync: { set(items: object): Promise<void> }; local: { set(items: object): Promise<void> } };
      };
      await api.storage.sync.set({ customTags: ['plenum'] });
      await api.storage.sync.set({ visibility: { legislation: 'show', network_protocol: 'dim', civic_recruiting: 'show', other: 'hide' } });
    });
    await helper.close();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('exports settings, own hashtags and corrections: the message and the downloaded file both parse with parseBackup', async () => {
    const options = await openOptions();
    expect(await sendToBackground(options, { type: 'hc:storage-status' })).toEqual({ inMemoryOnly: false });
    expect(await options.evaluate(() => document.querySelector('[data-testid="storage-memory-only"]'))).toBeNull();

    exported = (await sendToBackground<{ json: string }>(options, { type: 'hc:export' })).json;
    const parsed = parseBackup(exported);
    if (!parsed.ok) throw new Error(parsed.problem.message);
    expect(parsed.data.corrections.map((c) => `${c.postKey}=${c.category}`)).toEqual(['backup:0=legislation', 'backup:1=civic_recruiting']);
    expect(parsed.data.corrections[0]!.text).toBe('Backup probe 0 zum #Protokoll');
    expect(parsed.data.watchedTags).toEqual(['plenum']);
    expect(parsed.data.settings.visibility).toEqual({ legislation: 'show', network_protocol: 'dim', civic_recruiting: 'show', other: 'hide' });

    // The Export button: catch the file it hands to the browser instead of saving it.
    await options.evaluate(() => {
      const page = window as unknown as { hcDownload?: Promise<{ name: string; text: string }> };
      const create = URL.createObjectURL.bind(URL);
      let blob: Blob | undefined;
      URL.createObjectURL = (object: Blob | MediaSource) => {
        blob = object as Blob;
        return create(object);
      };
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        if (blob) page.hcDownload = blob.text().then((text) => ({ name: this.download, text }));
      };
    });
    await options.click('[data-testid="export-backup"]');
    await expect.poll(() => text(options, 'backup-status'), { timeout: 5_000 }).toMatch(/^Exported 2 corrections, 1 hashtags and 0 contexts of your own to hashtag-context-backup-\d{4}-\d\d-\d\d\.json\.$/);
    const file = await options.evaluate(() => (window as unknown as { hcDownload?: Promise<{ name: string; text: string }> }).hcDownload ?? null);
    expect(file?.name).toMatch(/^hashtag-context-backup-\d{4}-\d\d-\d\d\.json$/);
    const downloaded = parseBackup(file?.text);
    expect(downloaded).toEqual(parsed);
    await options.close();
  });

  it('rejects a hostile or broken file with a message at the file control, and nothing stored changes', async () => {
    const before = await (async () => {
      const page = await openOptions();
      const keys = await storedKeys(page);
      await page.close();
      return keys;
    })();
    expect(before).toEqual(['backup:0=legislation', 'backup:1=civic_recruiting']);
    const options = await openOptions();
    await expect.poll(() => listed(options), { timeout: 5_000 }).toEqual(['backup:0', 'backup:1']);

    const hostile = exported
      .replace('"settings": {', '"settings": { "__proto__": { "polluted": true },')
      .replace('"civic_recruiting"', '"<img src=x onerror=alert(1)>"');
    await chooseFile(options, 'hostile.json', hostile, 'replace');
    await expect.poll(() => text(options, 'import-error'), { timeout: 5_000 }).toContain('forbidden key "__proto__"');
    expect(await text(options, 'import-error')).toMatch(/^Nothing was imported, nothing stored changed\./);
    const control = () =>
      options.evaluate(() => {
        const input = document.getElementById('import-file')!;
        const error = document.getElementById(input.getAttribute('aria-describedby') ?? '');
        return { invalid: input.getAttribute('aria-invalid'), role: error?.getAttribute('role'), errorId: input.getAttribute('aria-errormessage'), label: (input as HTMLInputElement).labels?.[0]?.textContent };
      });
    expect(await control()).toEqual({ invalid: 'true', role: 'alert', errorId: 'import-error', label: 'Import from a file' });
    expect(await options.evaluate(() => document.querySelector('img[src="x"]'))).toBeNull();

    await chooseFile(options, 'truncated.json', exported.slice(0, Math.floor(exported.length / 2)), 'replace');
    await expect.poll(() => text(options, 'import-error'), { timeout: 5_000 }).toContain('The file is truncated');
    await chooseFile(options, 'other.json', JSON.stringify({ format: 'something-else', version: 1 }), 'merge');
    await expect.poll(() => text(options, 'import-error'), { timeout: 5_000 }).toContain('This is not a Hashtag Context backup');

    expect(await storedKeys(options)).toEqual(before);
    expect(await listed(options)).toEqual(['backup:0', 'backup:1']);
    expect(await text(options, 'backup-status')).toBe('');
    await options.close();
  });

  it('restores the corrections from a valid file after they were all deleted', async () => {
    const options = await openOptions();
    expect(await sendToBackground(options, { type: 'hc:clear-corrections' })).toEqual({ ok: true });
    expect(await storedKeys(options)).toEqual([]);

    await chooseFile(options, 'backup.json', exported, 'replace');
    await expect.poll(() => text(options, 'backup-status'), { timeout: 5_000 }).toBe('Imported 2 corrections, 1 hashtags and 0 contexts of your own.');
    expect(await text(options, 'import-error')).toBe('');
    expect(await options.evaluate(() => document.getElementById('import-file')!.getAttribute('aria-invalid'))).toBeNull();
    expect(await storedKeys(options)).toEqual(['backup:0=legislation', 'backup:1=civic_recruiting']);
    // The list on the page follows at once.
    await expect.poll(() => listed(options), { timeout: 5_000 }).toEqual(['backup:0', 'backup:1']);
    // What the background exports now is what was exported before.
    const again = parseBackup((await sendToBackground<{ json: string }>(options, { type: 'hc:export' })).json);
    const first = parseBackup(exported);
    expect(again).toEqual(first);
    await options.close();
  });
});
