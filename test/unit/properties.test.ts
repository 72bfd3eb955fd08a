// @vitest-environment happy-dom
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyPost } from '@/utils/classifier';
import { CATEGORY_IDS } from '@/utils/classifier/types';
import { elkAdapter } from '@/utils/clients/elk';
import { lmstAdapter } from '@/utils/clients/lmst';
import { mastodonAdapter } from '@/utils/clients/mastodon';
import { phanpyAdapter } from '@/utils/clients/phanpy';
import type { ClientAdapter, PostView } from '@/utils/clients/types';

/* ---------------------------------- random post text ---------------------------------- */

/** Characters that have broken text handling elsewhere: invisible, direction-changing, combining, astral. */
const NASTY = [
  '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', // zero-width
  '\u202E', '\u202D', '\u2066', '\u2067', '\u2069', '\u200F', // RTL overrides and isolates
  '\u0301', '\u0336', 'ﬁ', 'ẞ', 'İ', 'Ⅻ', '＃', '#', '@', '.', '/', ':', '\n', '\t', '\0',
  '\uD800', '\uDFFF', // lone surrogates
  '🧵', '👩‍👩‍👧', '🇪🇺', '\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}',
  '<script>alert(1)</script>', 'javascript:alert(1)', '<img src=x onerror=alert(1)>', '__proto__', 'constructor',
  'Protokoll', 'Chatkontrolle', 'Bundestag', 'Matrix', 'XMPP', 'Plenum', 'Verschlüsselung', 'netzpolitik.org',
];
const piece = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('#', '@', 'https://').chain((prefix) => fc.string({ minLength: 1, maxLength: 15 }).map((s) => prefix + s)),
);
const postText = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(' '));
const tagList = fc.array(fc.oneof(fc.constantFrom('protokoll', 'Protokoll', 'chatkontrolle', 'PROTOKOLL', '', '\u200Bprotokoll'), fc.string({ maxLength: 12 })), { maxLength: 6 });

function expectValid(result: ReturnType<typeof classifyPost>) {
  expect(CATEGORY_IDS).toContain(result.category);
  expect(Number.isFinite(result.confidence)).toBe(true);
  expect(result.confidence).toBeGreaterThanOrEqual(0);
  expect(result.confidence).toBeLessThanOrEqual(1);
  expect(typeof result.abstained).toBe('boolean');
  expect(Array.isArray(result.reasons)).toBe(true);
  for (const reason of result.reasons) expect(Number.isFinite(reason.weight)).toBe(true);
}

describe('classifier properties', () => {
  it('never throws, answers a valid category with confidence in [0, 1], and is deterministic', () => {
    fc.assert(
      fc.property(postText, tagList, (text, watchedTags) => {
        const first = classifyPost({ text, watchedTags });
        expectValid(first);
        expect(classifyPost({ text, watchedTags })).toEqual(first);
      }),
      { numRuns: 400 },
    );
  });

  it('stays valid on huge input (repeated nasty pieces, 100 KB to 1 MB)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...NASTY), { minLength: 1, maxLength: 8 }), fc.integer({ min: 100_000, max: 1_000_000 }), (parts, size) => {
        const unit = parts.join(' ');
        const text = unit.repeat(Math.ceil(size / Math.max(1, unit.length))).slice(0, size);
        const started = performance.now();
        const result = classifyPost({ text, watchedTags: ['protokoll'] });
        expectValid(result);
        expect(performance.now() - started).toBeLessThan(2_000);
        expect(classifyPost({ text, watchedTags: ['protokoll'] })).toEqual(result);
      }),
      { numRuns: 12 },
    );
  });

  it('is not moved by zero-width characters sprinkled into a post', () => {
    const base = 'Die EU-Staaten können sich im Rat nicht auf eine Position zur #Chatkontrolle einigen. #Protokoll';
    fc.assert(
      fc.property(fc.array(fc.nat({ max: base.length }), { maxLength: 10 }), (positions) => {
        let text = base;
        for (const at of [...positions].sort((a, b) => b - a)) text = `${text.slice(0, at)}\u200B${text.slice(at)}`;
        expectValid(classifyPost({ text, watchedTags: ['protokoll'] }));
      }),
      { numRuns: 100 },
    );
  });
});

/* ---------------------------------- random DOM shapes ---------------------------------- */

const HREFS = [
  '/tags/Protokoll', '/tags/protokoll/', '/tags/%C3%9Cberwachung', '/tags/', '/tags/a%2Fb', '/tags/%E0%A4%A', 'https://other.example/tags/Chatkontrolle',
  'https://demo.social/tags/Matrix?x=1#y', 'javascript:alert(1)', 'JaVaScRiPt:void(0)//tags/Protokoll', 'data:text/html,<script>1</script>',
  '#', '', '//evil.example/tags/x', '/@anna/1090', '/@anna@other.example/123', 'mailto:x@y', 'http://[::1', '/tags/\u202Ekoll',
  '/tags/proto\u200Bkoll', '/#/demo.social/t/Protokoll', '/demo.social/t/Protokoll', '/t/demo.social/Protokoll', '/tags/' + 'x'.repeat(300),
];
const CLASSES = [
  'status', 'status__content__text', 'status__wrapper', 'status__quote', 'detailed-status', 'detailed-status__wrapper', 'hashtag-bar',
  'content-warning', 'spoiler-text', 'content', 'content-rich', 'spoiler-content', 'status-body', 'status-tags', 'status-card-link',
  'single', 'statusesList', 'mention', 'hashtag', 'timeline', '',
];
const ATTRIBUTES = fc.record(
  {
    class: fc.subarray(CLASSES, { maxLength: 3 }).map((c) => c.join(' ')),
    'data-id': fc.oneof(fc.constantFrom('1090', '', '0', 'x'.repeat(100)), fc.string({ maxLength: 8 })),
    'data-state-post-id': fc.constantFrom('1', 'demo.social/1', ''),
    'aria-roledescription': fc.constantFrom('status-card', 'status-details', 'other'),
    role: fc.constantFrom('feed', 'article'),
    href: fc.oneof(fc.constantFrom(...HREFS), fc.string({ maxLength: 20 })),
  },
  { requiredKeys: [] },
);

interface RandomNode {
  tag: 'div' | 'p' | 'a' | 'span' | 'article' | 'ul' | 'li' | 'br';
  attributes: Record<string, string>;
  text: string;
  children: RandomNode[];
}

const TAGS = ['div', 'div', 'p', 'a', 'a', 'span', 'article', 'ul', 'li', 'br'] as const;
const NODE_TEXT = fc.oneof(fc.constantFrom('', '#', '#Protokoll', 'Protokoll', '\u202E#Protokoll', '#\u200BProtokoll', '🧵'), postText);
const tree = fc.letrec<{ node: RandomNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 6 },
    fc.record({ tag: fc.constantFrom(...TAGS), attributes: ATTRIBUTES, text: NODE_TEXT, children: fc.constant([] as RandomNode[]) }),
    fc.record({ tag: fc.constantFrom(...TAGS), attributes: ATTRIBUTES, text: NODE_TEXT, children: fc.array(tie('node'), { maxLength: 4 }) }),
  ),
})).node;

function build(doc: Document, node: RandomNode, depth = 0): Element {
  const element = doc.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attributes)) {
    if (name === 'href' && node.tag !== 'a') continue;
    element.setAttribute(name, value);
  }
  if (node.text) element.append(doc.createTextNode(node.text));
  if (depth < 12) for (const child of node.children) element.append(build(doc, child, depth + 1));
  return element;
}

/** A PostView as plain data, to compare two readings of the same element. */
function snapshot(view: PostView | null) {
  if (!view) return null;
  return {
    post: view.post,
    container: view.container,
    id: view.id,
    text: view.text,
    links: view.hashtagLinks.map((link) => [link.element, link.name]),
    impliedTags: view.impliedTags,
  };
}

/** The page roots each client is recognised by, so the adapter reads the tree as its own. */
const ROOTS: Record<string, string> = {
  mastodon: '<div id="mastodon"><div role="feed" class="item-list"></div></div>',
  elk: '<div id="__nuxt"><div role="feed"></div></div>',
  phanpy: '<div id="app"><ul class="timeline"><li></li></ul></div><div id="modal-container"></div>',
  lmst: '<div id="app"><div id="timeline-root"><div class="statusesList"></div></div></div>',
};
/** A post as each client marks it up, with a random subtree where its text goes (so reading code is reached). */
const SKELETONS: Record<string, string> = {
  mastodon: '<article data-id="1090"><div class="status__wrapper"><div class="status" data-id="1090"><div class="status__content"><div class="status__content__text" data-slot></div></div><div class="hashtag-bar"><a href="/tags/Protokoll">#<span>Protokoll</span></a></div></div></div></article>',
  elk: '<article aria-roledescription="status-card" id="status-1090"><div class="status-body"><div class="content-rich" data-slot></div></div></article>',
  phanpy: '<article class="status" data-state-post-id="demo.social/1090"><div class="content" data-slot></div></article>',
  lmst: '<div class="status"><div class="content" data-slot></div></div>',
};

function inSkeleton(id: string, inner: Element): Element {
  const holder = document.createElement('div');
  holder.innerHTML = SKELETONS[id]!;
  const slot = holder.querySelector('[data-slot]')!;
  slot.removeAttribute('data-slot');
  slot.append(inner);
  return holder.firstElementChild!;
}

const PATHS = ['/tags/Protokoll', '/', '/@anna/1090', '/#/demo.social/t/Protokoll', '/tags/%E0%A4%A'];

const ADAPTERS: ClientAdapter[] = [mastodonAdapter, elkAdapter, phanpyAdapter, lmstAdapter];

describe.each(ADAPTERS.map((adapter) => [adapter.id, adapter] as const))('%s adapter properties', (id, adapter) => {
  it('never throws from readPost or hashtagName, and reads the same twice (labelling is idempotent)', () => {
    let postsRead = 0;
    fc.assert(
      fc.property(fc.array(tree, { minLength: 1, maxLength: 4 }), fc.constantFrom(...PATHS), (nodes, path) => {
        history.replaceState(null, '', path);
        document.body.innerHTML = ROOTS[id]!;
        const mount = document.querySelector('[role="feed"], .statusesList, li') ?? document.body;
        nodes.forEach((node, i) => mount.append(i % 2 === 0 ? inSkeleton(id, build(document, node)) : build(document, node)));

        const posts = [...document.querySelectorAll(adapter.postSelector)];
        for (const post of posts) {
          const first = snapshot(adapter.readPost(post));
          const second = snapshot(adapter.readPost(post));
          expect(second).toEqual(first);
          if (first) {
            postsRead++;
            expect(typeof first.text).toBe('string');
            for (const [, name] of first.links) expect(name).toBe((name as string).toLowerCase());
          }
        }
        for (const link of document.querySelectorAll('a')) {
          const name = adapter.hashtagName(link);
          expect(adapter.hashtagName(link)).toBe(name);
          // A link's text `#Name` counts too (clients link tags in many URL shapes), whatever its href:
          // the extension only reads it and never follows it.
          if (name !== null) expect(name.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
    expect(postsRead).toBeGreaterThan(0); // the random shapes do reach the adapter's reading code
  });
});
