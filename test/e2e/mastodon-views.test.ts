import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTimelineServer } from '../fixtures/timeline/serve';
import { DETAIL_VIEW, MULTI_COLUMN } from '../fixtures/timeline/views';
import { BROWSERS, type BrowserSession, type PageDriver } from './support/browser-session';
import { sleep, waitUntil } from './support/wait';

type Labels = Record<string, string | null>;

/** The detail (permalink) view with a quote post among the replies, and the multi-column layout. */
describe.each(Object.entries(BROWSERS))('Mastodon views in %s', (_name, launch) => {
  let server: Awaited<ReturnType<typeof startTimelineServer>>;
  let session: BrowserSession;
  let driver: PageDriver;

  beforeAll(async () => {
    server = await startTimelineServer();
    session = await launch();
    driver = await session.newPage();
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('labels the focused post, its ancestor and reply in the detail view, and a quoted post on its own', async () => {
    await driver.goto(`${server.origin}${DETAIL_VIEW.path}`);
    const read = () =>
      driver.evaluateWith(
        ({ ancestorId, replyId, quotedId }): Labels => {
          const label = (el: Element | null | undefined) => el?.getAttribute('data-hc-category') ?? null;
          const wrapperOf = (id: string) => document.querySelector(`.status[data-id="${id}"]`)?.closest('.status__wrapper');
          return {
            focused: label(document.querySelector('.detailed-status__wrapper')),
            ancestor: label(wrapperOf(ancestorId)),
            reply: label(document.querySelector(`.status[data-id="${replyId}"]`)?.parentElement),
            quoted: label(document.querySelector(`.status[data-id="${quotedId}"]`)?.closest('.status__quote')),
          };
        },
        DETAIL_VIEW,
      );
    const labels = await waitUntil(read, (l) => Object.values(l).every(Boolean), (l) => `not all labelled: ${JSON.stringify(l)}`);
    expect(labels.focused).toBe('legislation');
    expect(labels.reply).toBe('civic_recruiting');
    expect(labels.quoted).toBe('network_protocol');
    expect(labels.ancestor).toBe('legislation');
  });

  it('in the multi-column layout, labels only posts that show a watched hashtag', async () => {
    await driver.goto(`${server.origin}${MULTI_COLUMN.path}`);
    const labelOf = (id: string) =>
      driver.evaluateWith((articleId) => document.querySelector(`article[data-id="${articleId}"]`)?.getAttribute('data-hc-category') ?? null, id);
    await waitUntil(() => labelOf(MULTI_COLUMN.homeWatched), Boolean, () => 'the home-column post with #Protokoll was not labelled');
    expect(await labelOf(MULTI_COLUMN.homeWatched)).toBe('civic_recruiting');
    await sleep(500);
    expect(await labelOf(MULTI_COLUMN.homeUnwatched)).toBeNull();
    // Two feeds: no column may stand for the URL's tag, so a post without the hashtag stays unlabelled.
    expect(await labelOf(MULTI_COLUMN.tagColumn)).toBeNull();
  });
});
