import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTimelineServer } from '../fixtures/timeline/serve';
import { launchChromium, type BrowserSession, type PageDriver } from './support/browser-session';
import { bringToFront, sendToBackground, toolbarIcon } from './pages/extension-pages';
import { TimelinePage } from './pages/timeline-page';

/**
 * The browser's language picks the extension's: the same flows as elsewhere, read in German.
 * Chromium only: Debian's Firefox ESR ships without a German language pack, so its extensions
 * always speak English there.
 */
describe('in Chromium with German as the browser language', () => {
  let server: Awaited<ReturnType<typeof startTimelineServer>>;
  let session: BrowserSession;

  const text = (page: PageDriver, testid: string) =>
    page.evaluateWith((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '', testid);

  async function chooseFile(page: PageDriver, content: string) {
    await page.evaluateWith((body) => {
      const input = document.querySelector('[data-testid="import-file"]') as HTMLInputElement;
      const transfer = new DataTransfer();
      transfer.items.add(new File([body], 'sicherung.json', { type: 'application/json' }));
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, content);
  }

  beforeAll(async () => {
    server = await startTimelineServer();
    session = await launchChromium({ language: 'de', viewport: { width: 1000, height: 1400 } });
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('shows the tooltip in German: context, certainty, reasons and the correction control', async () => {
    const driver = await session.newPage();
    const timeline = new TimelinePage(driver);
    await driver.goto(server.timelineUrl);
    const [postId] = await timeline.waitForVisibleProtokollLinks(1);
    await driver.hover(timeline.protokollLink(postId!));
    const tooltip = await timeline.waitForTooltip(true, postId);
    expect(tooltip.text).toMatch(/Gesetzgebung|Netzwerkprotokoll|Mitmach-Aufruf|Anderes \/ unklar/);
    expect(tooltip.text).toMatch(/\d{1,3} % sicher|Zu wenig Anhaltspunkte/);
    expect(tooltip.text).toContain('Falsch? Richtigen Kontext wählen');
    expect(tooltip.describedLink).toMatch(/^Kontext: /);
    await driver.close();
  });

  it('says on the toolbar icon, in German, how many posts it sorted on the page', async () => {
    const driver = await session.newPage();
    const options = await session.newPage();
    try {
      const timeline = new TimelinePage(driver);
      await driver.goto(server.timelineUrl);
      await timeline.labelEveryPost();
      const labelled = Object.keys(await timeline.labels()).length;
      await options.goto(session.extensionUrl('/options.html'));
      await expect.poll(() => toolbarIcon(options), { timeout: 5_000 }).toEqual({
        text: String(labelled),
        title: `Hashtag Context: ${labelled} Beiträge mit beobachteten Hashtags auf dieser Seite eingeordnet`,
      });
      expect(await options.evaluate(() => document.querySelector('[data-testid="toolbar-count"]')?.closest('label')?.textContent)).toBe(
        'Auf dem Symbol anzeigen, wie viele Beiträge auf der offenen Seite eingeordnet wurden',
      );
    } finally {
      await options.close();
      await driver.close();
    }
  });

  it('says in German what is wrong with an imported file, naming the place in the file, numbers written the German way', async () => {
    const options = await session.newPage();
    await options.goto(session.extensionUrl('/options.html'));
    await bringToFront(options);
    await expect.poll(() => options.evaluate(() => document.title), { timeout: 5_000 }).toBe('Hashtag Context – Einstellungen');

    const exported = (await sendToBackground<{ json: string }>(options, { type: 'hc:export' })).json;
    const backup = JSON.parse(exported) as { corrections: unknown[] };
    backup.corrections = [{ postKey: 'a', text: 'x', watchedTags: ['protokoll'], category: 'wetter', createdAt: 1 }];
    await chooseFile(options, JSON.stringify(backup));
    await expect
      .poll(() => text(options, 'import-error'), { timeout: 5_000 })
      .toBe(
        'Nichts importiert, nichts Gespeichertes geändert. „corrections[0].category“ muss eines von legislation, network_protocol, civic_recruiting, other oder die Kennung eines eigenen Kontexts („ctx-…“) sein, nicht "wetter".',
      );

    const long = { ...backup, corrections: [{ postKey: 'a', text: 'x'.repeat(24_000), watchedTags: [], category: 'other', createdAt: 1 }] };
    await chooseFile(options, JSON.stringify(long));
    await expect.poll(() => text(options, 'import-error'), { timeout: 5_000 }).toContain('„corrections[0].text“ ist 24.000 Zeichen lang, mehr als die erlaubten 20.000.');

    await chooseFile(options, exported.slice(0, 40));
    await expect.poll(() => text(options, 'import-error'), { timeout: 5_000 }).toContain('Die Datei ist abgeschnitten');

    await chooseFile(options, exported);
    await expect.poll(() => text(options, 'backup-status'), { timeout: 5_000 }).toBe('0 Korrekturen, 0 Hashtags und 0 eigene Kontexte importiert.');
    expect(await text(options, 'import-error')).toBe('');
    await options.close();
  });
});
