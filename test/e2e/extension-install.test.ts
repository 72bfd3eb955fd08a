import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimelinePage } from './pages/timeline-page';
import { launchChromiumToInstallLater, launchFirefoxToInstallLater } from './support/browser-session';
import { sleep } from './support/wait';
import { startTimelineServer } from '../fixtures/timeline/serve';

/**
 * Chrome starts content scripts only in pages loaded after an install (or an update, which also stops the
 * old ones). A reader who installs the extension with Mastodon open must not have to reload it: in Chrome the
 * background starts the script in open tabs of its sites; Firefox starts content scripts there itself, which
 * the README and the store listings rely on.
 */
const LAUNCHERS = { chromium: launchChromiumToInstallLater, firefox: launchFirefoxToInstallLater };

describe.each(Object.entries(LAUNCHERS))('a timeline open while the extension is installed, in %s', (_name, launch) => {
  let server: Awaited<ReturnType<typeof startTimelineServer>>;
  let session: Awaited<ReturnType<typeof launch>>;

  beforeAll(async () => {
    server = await startTimelineServer();
    session = await launch({ viewport: { width: 1000, height: 1800 } });
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('is labelled once the extension is installed, without a reload', async () => {
    const driver = await session.newPage();
    await driver.goto(server.timelineUrl);
    await sleep(500);
    const labelledCount = () => driver.evaluate(() => document.querySelectorAll('[data-hc-category]').length);
    expect(await labelledCount()).toBe(0);

    await session.install();
    await new TimelinePage(driver).waitForLabels(3);
    expect(await labelledCount()).toBeGreaterThanOrEqual(3);
  });
});
