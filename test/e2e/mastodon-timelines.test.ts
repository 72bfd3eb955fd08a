import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTimelineServer } from '../fixtures/timeline/serve';
import { COMPOSE_DRAFT, CONTENT_WARNING, ME, VARIANT_PAGES, WARN_FILTER, type VariantPost, type VariantTimeline } from '../fixtures/timeline/variants';
import { TimelinePage } from './pages/timeline-page';
import { BROWSERS, type BrowserSession, type PageDriver } from './support/browser-session';
import { openTimeline, type TimelineSession } from './support/timeline-session';
import { sleep, waitUntil } from './support/wait';

type Labels = Record<string, string | null>;

interface Rect {
  top: number;
  left: number;
  right: number;
  bottom: number;
}

/** `data-hc-category` of every post on the page, by its article id (null: none). */
function readLabels(driver: PageDriver): Promise<Labels> {
  return driver.evaluate(() => {
    const labels: Record<string, string | null> = {};
    for (const article of document.querySelectorAll('article[data-id]')) {
      labels[article.getAttribute('data-id')!] = article.getAttribute('data-hc-category');
    }
    return labels;
  });
}

/** Every element the extension labelled, described by what it is: only timeline articles may be. */
function labelledElements(driver: PageDriver): Promise<string[]> {
  return driver.evaluate(() =>
    [...document.querySelectorAll('[data-hc-category]')].map((el) => `${el.tagName.toLowerCase()}${el.matches('[role="feed"] > article[data-id]') ? ':post' : `.${el.className}`}`),
  );
}

/** The rectangle of the shown tooltip (in its shadow root), or null. */
function tooltipRect(driver: PageDriver): Promise<Rect | null> {
  return driver.evaluate(() => {
    const tip = document.querySelector('hashtag-context-tooltip')?.shadowRoot?.querySelector('[role="tooltip"]');
    if (!tip) return null;
    const r = tip.getBoundingClientRect();
    return { top: r.top, left: r.left, right: r.right, bottom: r.bottom };
  });
}

interface DemoMenu {
  opened: number;
  open: boolean;
  rect(): Rect | null;
  close(): void;
}

const menuState = (driver: PageDriver) =>
  driver.evaluate(() => {
    const menu = (window as unknown as { __demoMenu: DemoMenu }).__demoMenu;
    return { opened: menu.opened, open: menu.open, rect: menu.rect(), path: location.pathname };
  });

/** Whether a reader sees the post's body on arrival: not behind a content warning or a warn filter. */
const readable = (post: VariantPost) => !post.spoilerText && post.id !== WARN_FILTER.postId;

const overlap = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Timelines of Mastodon's web UI other than the hashtag one, signed in and out, content warnings and
 * "Read more" there, and the 4.4 hashtag menu (issue #4). Pages: test/fixtures/timeline/variants.ts.
 */
describe.each(Object.entries(BROWSERS))('Mastodon timelines in %s', (_name, launch) => {
  let page: TimelineSession;
  let driver: PageDriver;
  let timeline: TimelinePage;

  beforeAll(async () => {
    page = await openTimeline(launch, { viewport: { width: 1000, height: 900 }, path: VARIANT_PAGES.home.path });
    ({ driver, timeline } = page);
  });

  afterAll(() => page?.close());

  async function open(path: string): Promise<void> {
    await driver.goto(`${page.server.origin}${path}`);
    await driver.evaluate(() => window.scrollTo(0, 0));
  }

  /** Scrolls through the page as a reader does and waits until every readable post with a watched hashtag is labelled. */
  async function labelsOf(timelineName: VariantTimeline): Promise<Labels> {
    const posts = VARIANT_PAGES[timelineName].posts.filter((post) => post.expected && readable(post));
    await timeline.scrollThrough();
    return waitUntil(
      () => readLabels(driver),
      (labels) => posts.every((post) => labels[post.id]),
      (labels) => `${timelineName}: not every post with #Protokoll was labelled: ${JSON.stringify(labels)}`,
      15_000,
    );
  }

  for (const name of Object.keys(VARIANT_PAGES) as VariantTimeline[]) {
    const { path, posts } = VARIANT_PAGES[name];
    it(`labels posts with a visible #Protokoll on the ${name} timeline (${path}) and leaves the others alone`, async () => {
      await open(path);
      const labels = await labelsOf(name);
      await sleep(500); // time for a wrong label to show up
      const settled = { ...labels, ...(await readLabels(driver)) };
      for (const post of posts.filter(readable)) expect(settled[post.id], `post ${post.id}: ${post.text.slice(0, 40)}`).toBe(post.expected);
      // Nothing but the posts: not the profile header with its #Protokoll, not the compose form, not the panes.
      const labelled = await labelledElements(driver);
      expect(labelled.every((what) => what === 'article:post')).toBe(true);
      expect(labelled).toHaveLength(posts.filter((p) => p.expected && readable(p)).length);
      if (name === 'profile') {
        const bio = await driver.evaluate(() => {
          const link = document.querySelector('.account__header__content a[href$="/tags/Protokoll"]');
          return { link: link !== null, described: link?.hasAttribute('aria-description') ?? false };
        });
        expect(bio).toEqual({ link: true, described: false });
      }
    });
  }

  it('labels the same posts signed in and signed out, and changes nothing inside a post’s text', async () => {
    const { path, posts } = VARIANT_PAGES.local;
    for (const signedIn of [true, false]) {
      await open(`${path}?signed_in=${signedIn ? 1 : 0}`);
      const shell = await driver.evaluate(() => ({
        me: (JSON.parse(document.getElementById('initial-state')!.textContent!) as { meta: { me?: string } }).meta.me ?? null,
        compose: (document.querySelector('.compose-form textarea') as HTMLTextAreaElement | null)?.value ?? null,
        navigation: document.querySelectorAll('.navigation-panel .column-link').length,
        bookmarkButtons: document.querySelectorAll('.status__action-bar button[aria-label="Bookmark"]').length,
        signInBanner: document.querySelector('.sign-in-banner') !== null,
      }));
      if (signedIn) {
        expect(shell).toMatchObject({ me: ME.id, compose: COMPOSE_DRAFT, signInBanner: false });
        expect(shell.navigation).toBeGreaterThan(5);
        expect(shell.bookmarkButtons).toBeGreaterThan(0);
      } else {
        expect(shell).toMatchObject({ me: null, compose: null, signInBanner: true, bookmarkButtons: 0 });
      }

      const labels = await labelsOf('local');
      for (const post of posts) expect(labels[post.id] ?? null, `post ${post.id} signed ${signedIn ? 'in' : 'out'}`).toBe(post.expected);

      // Each post's text is exactly what the page rendered from the post: same elements, same text, and no
      // attribute the page did not put there (Mastodon's `data-menu-hashtag` is the page's own).
      const texts = await driver.evaluate(() => {
        const demo = (window as unknown as { __demo: { posts(): { id: string; text: string; remote: boolean }[]; core: { formatContent(t: string, o: object): { html: string } } } }).__demo;
        const island = document.getElementById('demo-posts')!;
        return demo.posts().map((post) => {
          const rendered = document.querySelector(`.status[data-id="${post.id}"] .status__content__text`);
          const expected = document.createElement('div');
          expected.innerHTML = demo.core.formatContent(post.text, {
            remote: post.remote,
            domain: island.getAttribute('data-domain'),
            remoteDomain: island.getAttribute('data-remote-domain'),
            statusTags: [],
          }).html;
          const attributes = (root: Element) =>
            [...root.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((name) => name !== 'data-menu-hashtag');
          return {
            id: post.id,
            rendered: rendered !== null,
            sameElements: rendered?.querySelectorAll('*').length === expected.querySelectorAll('*').length,
            sameText: rendered?.textContent === expected.textContent,
            sameAttributes: rendered ? attributes(rendered).join() === attributes(expected).join() : false,
          };
        });
      });
      expect(texts).toHaveLength(posts.length);
      for (const text of texts) expect(text, `post ${text.id}`).toEqual({ id: text.id, rendered: true, sameElements: true, sameText: true, sameAttributes: true });

      if (signedIn) {
        const compose = await driver.evaluate(() => ({
          value: (document.querySelector('.compose-form textarea') as HTMLTextAreaElement).value,
          marked: document.querySelector('.compose-panel [data-hc-category], .navigation-panel [data-hc-category]') !== null,
        }));
        expect(compose).toEqual({ value: COMPOSE_DRAFT, marked: false });
      }
    }
  });

  it('labels a post behind a content warning once expanded, with the warning’s words counted, and a “Read more” post while collapsed', async () => {
    const { path, posts } = VARIANT_PAGES.home;
    const warned = posts.find((post) => post.spoilerText)!;
    const control = posts.find((post) => !post.spoilerText && post.text === CONTENT_WARNING.body)!;
    const long = posts.find((post) => post.text.length > 900)!;
    expect(long).toBeDefined();
    await open(path);
    const labels = await labelsOf('home');
    // Collapsed: Mastodon renders no body, so there is nothing to read yet.
    expect(labels[warned.id]).toBeNull();
    expect(await driver.evaluateWith((id) => document.querySelector(`.status[data-id="${id}"] .status__content`) === null, warned.id)).toBe(true);

    await timeline.expandContentWarning(warned.id);
    await waitUntil(() => readLabels(driver), (l) => Boolean(l[warned.id]), () => `post ${warned.id} was not labelled once expanded`);
    // The body alone says nothing about protocols (the same body without a warning is "other"); the warning does.
    expect((await readLabels(driver))[warned.id]).toBe('network_protocol');
    expect((await readLabels(driver))[control.id]).toBe('other');
    // The tooltip names the warning's words among its reasons.
    await driver.mouseMove(1, 1);
    await driver.hover(timeline.protokollLink(warned.id));
    const tip = await timeline.waitForTooltip(true, warned.id);
    expect(tip.text).toMatch(/XMPP|TLS|Handshake|Serverbetrieb/);
    await driver.press('Escape');

    // Collapsing the warning again unmounts the body; the label stays on the post.
    await driver.click(`article[data-id="${warned.id}"] .content-warning > .link-button`);
    await sleep(300);
    expect((await readLabels(driver))[warned.id]).toBe('network_protocol');

    // "Read more": the full text is in the DOM while collapsed, so the post is labelled before the click, and stays so after.
    const collapsed = await driver.evaluateWith(
      (id) => document.querySelector(`.status[data-id="${id}"] .status__content`)?.classList.contains('status__content--collapsed') ?? false,
      long.id,
    );
    expect(collapsed).toBe(true);
    expect(labels[long.id]).toBe('legislation');
    await driver.evaluateWith((id) => document.querySelector(`article[data-id="${id}"]`)!.scrollIntoView(), long.id);
    await driver.click(`article[data-id="${long.id}"] .status__content__read-more-button`);
    await sleep(300);
    expect((await readLabels(driver))[long.id]).toBe('legislation');
  });

  it('labels a post behind a warn filter once shown anyway, from the post’s words, not the filter’s title', async () => {
    const id = WARN_FILTER.postId;
    const post = VARIANT_PAGES.home.posts.find((p) => p.id === id)!;
    await open(`${VARIANT_PAGES.home.path}?swap=off`);
    await labelsOf('home');
    const hidden = await driver.evaluateWith(
      (postId) => ({
        banner: document.querySelector(`.status[data-id="${postId}"] .content-warning--filter p`)?.textContent ?? null,
        body: document.querySelector(`.status[data-id="${postId}"] .status__content`) !== null,
      }),
      id,
    );
    expect(hidden).toEqual({ banner: `Matches filter “${WARN_FILTER.title}”`, body: false });
    expect((await readLabels(driver))[id]).toBeNull();

    await driver.evaluateWith((postId) => document.querySelector(`article[data-id="${postId}"]`)!.scrollIntoView({ block: 'center' }), id);
    await driver.click(`article[data-id="${id}"] .content-warning--filter > .link-button`);
    await waitUntil(() => readLabels(driver), (l) => Boolean(l[id]), () => `post ${id} was not labelled once shown`);
    // The filter's title is about the chat-control law; the post is not, and the banner stays above it.
    expect((await readLabels(driver))[id]).toBe(post.expected);
    await driver.mouseMove(1, 1);
    await driver.hover(timeline.protokollLink(id));
    const tip = await timeline.waitForTooltip(true, id);
    expect(tip.text).not.toMatch(/Chatkontrolle|Bundestag/);
    await driver.press('Escape');
  });

  describe('the 4.4 hashtag menu', () => {
    const post = VARIANT_PAGES.home.posts[0]!.id;
    const link = `article[data-id="${post}"] .status__content__text a[data-menu-hashtag][href$="/tags/Protokoll" i]`;

    /** Scrolls so that the link's top is `y` px from the top of the viewport (or as near as the page allows). */
    const placeLinkAt = (y: number | 'bottom') =>
      driver.evaluateWith(
        ({ selector, y }) => {
          window.scrollTo(0, 0);
          const el = document.querySelector(selector)!;
          const target = y === 'bottom' ? window.innerHeight - el.getBoundingClientRect().height - 12 : y;
          // Room to scroll: the page must be tall enough to bring the link to that height.
          const spacer = document.getElementById('demo-spacer') ?? document.body.appendChild(Object.assign(document.createElement('div'), { id: 'demo-spacer' }));
          spacer.style.height = `${window.innerHeight}px`;
          const top = el.getBoundingClientRect().top;
          if (top < target) {
            document.querySelector('[role="feed"]')!.prepend(Object.assign(document.createElement('div'), { className: 'demo-push', style: `height:${target - top}px` }));
          } else {
            window.scrollBy(0, top - target);
          }
          return Math.round(el.getBoundingClientRect().top);
        },
        { selector: link, y },
      );

    for (const [where, y] of [
      ['near the top of the window', 90],
      ['in the middle of the window', 450],
      ['at the bottom of the window, where the menu opens above it', 'bottom'],
    ] as const) {
      it(`opens on click with the tooltip shown, and they do not overlap, for a link ${where}`, async () => {
        await open(`${VARIANT_PAGES.home.path}?swap=off`);
        await timeline.waitForLabels(1);
        const top = await placeLinkAt(y);
        if (typeof y === 'number') expect(Math.abs(top - y)).toBeLessThan(3);
        await driver.mouseMove(1, 1);
        await driver.hover(link);
        await timeline.waitForTooltip(true, post);
        // Hovering shows the tooltip, not the page's menu.
        expect(await menuState(driver)).toMatchObject({ opened: 0, open: false });

        await driver.click(link);
        // The click reached Mastodon's handler: its menu is open, and it kept the browser on the page.
        const menu = await waitUntil(() => menuState(driver), (m) => m.open && m.rect !== null, () => 'the page’s hashtag menu did not open');
        expect(menu).toMatchObject({ opened: 1, path: VARIANT_PAGES.home.path });
        if (y === 'bottom') expect(menu.rect!.bottom).toBeLessThanOrEqual(top);
        else expect(menu.rect!.top).toBeGreaterThanOrEqual(top);
        await timeline.waitForTooltip(true, post);
        await sleep(100); // a frame or two for the tooltip to make room
        const tooltip = (await tooltipRect(driver))!;
        const { rect } = await menuState(driver);
        expect(overlap(tooltip, rect!), `tooltip ${JSON.stringify(tooltip)} overlaps menu ${JSON.stringify(rect)}`).toBe(false);
        // The tooltip stays inside the window.
        expect(tooltip.top).toBeGreaterThanOrEqual(0);
        expect(tooltip.bottom).toBeLessThanOrEqual(await driver.evaluate(() => window.innerHeight));
        await driver.press('Escape');
      });
    }

    it('leaves the tooltip of another link where it belongs while a menu is open elsewhere', async () => {
      const other = VARIANT_PAGES.home.posts[2]!.id;
      const otherLink = `article[data-id="${other}"] .status__content__text a[data-menu-hashtag][href$="/tags/Protokoll" i]`;
      await open(`${VARIANT_PAGES.home.path}?swap=off`);
      await timeline.waitForLabels(2);
      await placeLinkAt(100);
      const otherTop = await driver.evaluateWith((selector) => document.querySelector(selector)!.getBoundingClientRect().top, otherLink);
      expect(otherTop).toBeGreaterThan(400); // room above it, and far below the menu
      await driver.click(link);
      await waitUntil(() => menuState(driver), (m) => m.open, () => 'the page’s hashtag menu did not open');
      await driver.mouseMove(1, 1);
      await driver.hover(otherLink);
      await timeline.waitForTooltip(true, other);
      await sleep(100);
      const tooltip = (await tooltipRect(driver))!;
      // Above its own link, as without a menu: not pushed below the other link's menu.
      expect(tooltip.bottom).toBeLessThanOrEqual(otherTop);
      expect(tooltip.bottom).toBeGreaterThan(otherTop - 20);
      expect((await menuState(driver)).open).toBe(true);
      await driver.press('Escape');
    });

    it('shows the tooltip on keyboard focus without opening the menu, and Enter opens the menu beside it', async () => {
      await open(`${VARIANT_PAGES.home.path}?swap=off`);
      await timeline.waitForLabels(1);
      await placeLinkAt(450);
      await driver.focus(link);
      await timeline.waitForTooltip(true, post);
      expect(await menuState(driver)).toMatchObject({ opened: 0, open: false });
      await driver.press('Enter');
      const menu = await waitUntil(() => menuState(driver), (m) => m.open, () => 'Enter on the link did not open the page’s menu');
      expect(menu.path).toBe(VARIANT_PAGES.home.path);
      await sleep(100);
      // Focus stays on the link, so the tooltip stays, out of the menu's way.
      const tooltip = await tooltipRect(driver);
      expect(tooltip).not.toBeNull();
      expect(overlap(tooltip!, (await menuState(driver)).rect!)).toBe(false);
      await driver.press('Escape');
    });
  });
});

interface TooltipColours {
  /** Relative luminance (WCAG) of the tooltip's background, and the contrast of its text on it. */
  background: number;
  contrast: number;
  /** Whether the tooltip's background is the page's own dropdown colour (Mastodon's menus). */
  pageDropdownColour: boolean;
  /** Relative luminance of the page's column background. */
  page: number;
  /** `animation-name` and `transition-duration` of every element of the tooltip. */
  animations: string[];
  transitions: string[];
}

function tooltipColours(): TooltipColours {
  const tooltip = document.querySelector('hashtag-context-tooltip')!.shadowRoot!.querySelector('[role="tooltip"]')!;
  const luminance = (colour: string) => {
    const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const style = getComputedStyle(tooltip);
  const [bg, fg] = [luminance(style.backgroundColor), luminance(style.color)];
  const probe = document.body.appendChild(document.createElement('div'));
  probe.style.background = 'var(--dropdown-background-color)';
  const dropdown = getComputedStyle(probe).backgroundColor;
  probe.remove();
  const elements = [tooltip, ...tooltip.querySelectorAll('*')];
  return {
    background: bg,
    contrast: (Math.max(bg, fg) + 0.05) / (Math.min(bg, fg) + 0.05),
    pageDropdownColour: style.backgroundColor === dropdown,
    page: luminance(getComputedStyle(document.querySelector('.column')!).backgroundColor),
    animations: [...new Set(elements.map((el) => getComputedStyle(el).animationName))],
    transitions: [...new Set(elements.flatMap((el) => getComputedStyle(el).transitionDuration.split(/,\s*/)))],
  };
}

/**
 * Mastodon's high-contrast theme and its "system" theme, which follows the operating system's
 * `prefers-color-scheme`; and the tooltip without animation when the reader asks for reduced motion.
 */
describe.each(Object.entries(BROWSERS))('tooltip with the reader’s system preferences in %s', (_name, launch) => {
  describe.each([
    { colorScheme: 'dark', reducedMotion: 'reduce' },
    { colorScheme: 'light', reducedMotion: 'no-preference' },
  ] as const)('system: $colorScheme, motion: $reducedMotion', (media) => {
    let server: Awaited<ReturnType<typeof startTimelineServer>>;
    let session: BrowserSession;
    let driver: PageDriver;
    let timeline: TimelinePage;

    beforeAll(async () => {
      server = await startTimelineServer();
      session = await launch({ viewport: { width: 1000, height: 900 }, ...media });
      driver = await session.newPage();
      timeline = new TimelinePage(driver);
    });

    afterAll(async () => {
      await session?.close();
      await server?.close();
    });

    async function hoverFirstPost(theme: string): Promise<TooltipColours> {
      await driver.goto(`${server.timelineUrl}?theme=${theme}&swap=off`);
      const [postId] = await timeline.waitForVisibleProtokollLinks(1);
      await driver.mouseMove(1, 1);
      await driver.hover(timeline.protokollLink(postId!));
      await timeline.waitForTooltip(true, postId);
      await sleep(300); // past any fade-in
      return driver.evaluate(tooltipColours);
    }

    it(`on the system theme, is ${media.colorScheme} like the page, in the page's own menu colour, and readable`, async () => {
      expect(await driver.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(media.colorScheme === 'dark');
      const look = await hoverFirstPost('system');
      if (media.colorScheme === 'dark') {
        expect(look.page).toBeLessThan(0.1);
        expect(look.background).toBeLessThan(0.1);
      } else {
        expect(look.page).toBeGreaterThan(0.6);
        expect(look.background).toBeGreaterThan(0.6);
      }
      expect(look.pageDropdownColour).toBe(true);
      expect(look.contrast).toBeGreaterThanOrEqual(4.5);
    });

    it('on the high-contrast theme, is dark whatever the system says, with text at 7:1 or more', async () => {
      const look = await hoverFirstPost('contrast');
      expect(look.page).toBeLessThan(0.05);
      expect(look.background).toBeLessThan(0.1);
      expect(look.pageDropdownColour).toBe(true);
      expect(look.contrast).toBeGreaterThanOrEqual(7);
    });

    it('follows a theme the reader chose in Mastodon over the system’s scheme', async () => {
      const look = await hoverFirstPost(media.colorScheme === 'dark' ? 'mastodon-light' : 'default');
      if (media.colorScheme === 'dark') expect(look.background).toBeGreaterThan(0.6);
      else expect(look.background).toBeLessThan(0.1);
      expect(look.contrast).toBeGreaterThanOrEqual(4.5);
    });

    it(media.reducedMotion === 'reduce' ? 'has no animation or transition when the reader asks for reduced motion' : 'fades in when the reader has not asked for reduced motion, in the system or in Mastodon’s own preferences', async () => {
      const look = await hoverFirstPost('system');
      if (media.reducedMotion === 'reduce') {
        expect(look.animations).toEqual(['none']);
        expect(look.transitions.every((duration) => Number.parseFloat(duration) === 0)).toBe(true);
      } else {
        expect(look.animations).toContain('hc-fade-in');
        // Mastodon's own "reduce motion" preference (`body.reduce-motion`) counts as much as the system's.
        await driver.evaluate(() => document.body.classList.replace('no-reduce-motion', 'reduce-motion'));
        await driver.mouseMove(1, 1);
        await timeline.waitForTooltip(false);
        const [postId] = await timeline.waitForVisibleProtokollLinks(1);
        await driver.hover(timeline.protokollLink(postId!));
        await timeline.waitForTooltip(true, postId);
        expect((await driver.evaluate(tooltipColours)).animations).toEqual(['none']);
      }
    });
  });
});
