/**
 * `npm run demo [-- --browser firefox] [--headless] [--port 4173]`
 * Builds the extension, serves the bundled demo timeline (the seed posts in Mastodon's markup)
 * on 127.0.0.1 and opens a browser with the extension loaded. Without a display it runs
 * headless: hovers a #Protokoll link and writes a screenshot of the tooltip.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'wxt';
import { startTimelineServer } from '../test/fixtures/timeline/serve';
import { BROWSERS } from '../test/e2e/support/browser-session';
import { TimelinePage } from '../test/e2e/pages/timeline-page';
import { seedLabelsById } from '../test/fixtures/timeline/seed-timeline';

const { values } = parseArgs({
  options: {
    browser: { type: 'string', default: 'chromium' },
    headless: { type: 'boolean', default: !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY },
    port: { type: 'string', default: '4173' },
  },
});
const browserName = values.browser === 'firefox' ? 'firefox' : 'chromium';

console.log(`Building the extension for ${browserName}…`);
await build({ mode: 'e2e', browser: browserName === 'firefox' ? 'firefox' : 'chrome' });
const server = await startTimelineServer(Number(values.port));
console.log(`Demo timeline: ${server.timelineUrl}`);
const session = await BROWSERS[browserName]({ headless: values.headless });
const driver = await session.newPage();
await driver.goto(server.timelineUrl);

if (!values.headless) {
  console.log('The browser is open with Hashtag Context loaded. Hover a #Protokoll link. Ctrl+C ends the demo.');
  process.on('SIGINT', () => void session.close().then(() => server.close()).then(() => process.exit(0)));
} else {
  const timeline = new TimelinePage(driver);
  const seedIds = await timeline.seedIdsByArticle();
  const behindContentWarning = await timeline.postsWithContentWarning(); // labelled once a reader expands them
  const labels = await timeline.labelEveryPost();
  const seedLabels = seedLabelsById();
  const correct = Object.entries(labels).filter(([id, label]) => seedLabels.get(seedIds.get(id)!) === label).length;
  const counts: Record<string, number> = {};
  for (const category of Object.values(labels)) counts[category] = (counts[category] ?? 0) + 1;
  console.log(`Labelled ${Object.keys(labels).length} posts (${behindContentWarning.length} more wait behind a content warning):`, counts);
  console.log(`Agreement with the seed labels: ${correct}/${Object.keys(labels).length}`);
  const [postId] = await timeline.waitForVisibleProtokollLinks(1);
  await driver.hover(timeline.protokollLink(postId!));
  const tooltip = await timeline.waitForTooltip(true, postId);
  await new Promise((resolve) => setTimeout(resolve, 400)); // let the fade-in finish
  console.log(`Tooltip: ${tooltip.text}`);
  const dir = resolve('.output/demo');
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, `tooltip-${browserName}.png`);
  await driver.screenshot(path);
  console.log(`Screenshot of the tooltip: ${path}`);
  await session.close();
  await server.close();
}
