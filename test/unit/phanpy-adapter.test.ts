// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { detectClient } from '@/utils/clients';
import { phanpyAdapter } from '@/utils/clients/phanpy';

/** Phanpy's hashtag link: origin-server href kept, `#` + `span`, classes `mention hashtag`. */
const tag = (name: string, host = 'demo.social') =>
  `<a href="https://${host}/tags/${name}" class="mention hashtag" rel="nofollow noopener" target="_blank">#<span>${name}</span></a>`;

const article = (key: string, inner: string, extraClass = '') =>
  `<article data-state-post-id="${key}" tabindex="-1" class="status visibility-public ${extraClass}"><div class="container"><div class="meta"><span class="meta-name">Jana</span></div>
   <div class="content-container">${inner}</div></div></article>`;

const content = (html: string, inert = false) =>
  `<div class="content"${inert ? ' inert' : ''}><div class="inner-content" lang="de" dir="auto">${html}</div></div>`;

const STATUS = article(
  'demo.social/111',
  `${content(`<p>Das ${tag('Protokoll')} der Sitzung</p><p>Zeile<br>zwei</p>`)}
   <ul class="status-tags"><li><a href="#/demo.social/t/Chatkontrolle" class=" "><span class="more-insignificant">#</span>Chatkontrolle</a></li></ul>`,
);

const CW = article(
  'demo.social/222',
  `<div class="content spoiler-content" lang="de" dir="auto"><p>Politik</p></div><button class="light spoiler-button" type="button">Show content</button>
   ${content(`<p>Der Rat stimmt ab. ${tag('Protokoll', 'other.example')}</p>`, true)}`,
);

const QUOTING = article(
  'demo.social/333',
  `${content(`<p>Schaut mal ${tag('Matrix')}</p>`)}
   <div class="status-card-container"></div>`,
  'status-quote',
);

const QUOTED = article('demo.social/444', content(`<p>Zitiert: ${tag('Protokoll')}</p>`), 'small status-card');

const BOOST = `<div data-state-post-id="demo.social/999" class="status-reblog"><div class="status-pre-meta">Rike boosted</div>${article('demo.social/555', content(`<p>Geboostet ${tag('XMPP')}</p>`))}</div>`;

function render(items: string[], pageId = 'hashtag-page') {
  document.body.innerHTML = `<div id="app"><div id="${pageId}" class="deck-container"><div class="timeline-deck deck"><ul class="timeline">${items.map((item) => `<li><a class="status-link timeline-item" href="#/demo.social/s/x"></a></li>`).join('')}</ul></div></div></div><div id="modal-container"></div>`;
  // Posts sit inside `a.status-link`: built through the DOM like Phanpy does (the HTML parser would split nested links).
  document.querySelectorAll('a.status-link').forEach((link, i) => (link.innerHTML = items[i]!));
  for (const slot of document.querySelectorAll('.status-card-container')) {
    const quoteLink = document.createElement('a');
    quoteLink.className = 'status-card-link quote-post-native';
    quoteLink.href = '#/demo.social/s/444';
    quoteLink.innerHTML = QUOTED;
    slot.append(quoteLink);
  }
}

const posts = () => [...document.querySelectorAll(phanpyAdapter.postSelector)];

describe('Phanpy adapter', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    window.history.replaceState(null, '', '/');
  });

  it('is chosen on Phanpy’s #app with its markers, and not on other clients', () => {
    document.body.innerHTML = '<div id="app"></div><div id="modal-container"></div>';
    expect(detectClient(document)?.id).toBe('phanpy');
    document.body.innerHTML = '<div id="app"></div>';
    expect(phanpyAdapter.detect(document)).toBe(false);
    document.body.innerHTML = `<div id="mastodon" class="app-holder"><article data-id="1"><div class="status" data-id="1"></div></article></div>`;
    expect(phanpyAdapter.detect(document)).toBe(false);
    document.body.innerHTML = `<div id="app"><div class="ltContainer"><div class="ltMiddle"><div class="status" tabindex="0"></div></div></div></div><div id="icons"><div id="icon-logo"></div></div>`;
    expect(phanpyAdapter.detect(document)).toBe(false);
    expect(detectClient(document)?.id).toBe('lmst');
    document.body.innerHTML = '<div id="__nuxt"><div id="status-1" aria-roledescription="status-card"></div></div>';
    expect(phanpyAdapter.detect(document)).toBe(false);
    expect(detectClient(document)?.id).toBe('elk');
  });

  it('reads id, text with the tag list, and both kinds of hashtag links', () => {
    render([STATUS]);
    const view = phanpyAdapter.readPost(posts()[0]!)!;
    expect(view.id).toBe('111');
    expect(view.container.tagName).toBe('LI');
    expect(view.text).toBe('Das #Protokoll der Sitzung\nZeile\nzwei\n#Chatkontrolle');
    expect(view.hashtagLinks.map((link) => link.name)).toEqual(['protokoll', 'chatkontrolle']);
  });

  it('reads a post behind a closed content warning at once: its body is in the DOM, only inert', () => {
    render([CW]);
    const view = phanpyAdapter.readPost(posts()[0]!)!;
    expect(view.text).toBe('Politik\nDer Rat stimmt ab. #Protokoll');
    expect(view.hashtagLinks.map((link) => link.name)).toEqual(['protokoll']);
  });

  it('keeps a quoted post apart and labels the quote’s link; a boost is read as the boosted post', () => {
    render([QUOTING, BOOST]);
    const [outer, inner, boosted] = posts();
    const outerView = phanpyAdapter.readPost(outer!)!;
    expect(outerView.text).toBe('Schaut mal #Matrix');
    expect(outerView.hashtagLinks.map((link) => link.name)).toEqual(['matrix']);
    const innerView = phanpyAdapter.readPost(inner!)!;
    expect(innerView.id).toBe('444');
    expect(innerView.text).toBe('Zitiert: #Protokoll');
    expect(innerView.container.matches('a.status-card-link')).toBe(true);
    const boostView = phanpyAdapter.readPost(boosted!)!;
    expect(boostView.id).toBe('555');
    expect(boostView.text).toBe('Geboostet #XMPP');
    expect(boostView.container.tagName).toBe('LI');
  });

  it('gives posts of the hashtag page its single tag, not the home deck’s or a quote’s', () => {
    window.history.replaceState(null, '', '/#/demo.social/t/Protokoll');
    render([QUOTING]);
    const [outer, inner] = posts();
    expect(phanpyAdapter.readPost(outer!)!.impliedTags).toEqual(['protokoll']);
    expect(phanpyAdapter.readPost(inner!)!.impliedTags).toEqual([]);
    window.history.replaceState(null, '', '/#/t/%C3%9Cbung?media=1');
    expect(phanpyAdapter.readPost(outer!)!.impliedTags).toEqual(['übung']);
    window.history.replaceState(null, '', '/#/demo.social/t/Protokoll+Matrix');
    expect(phanpyAdapter.readPost(outer!)!.impliedTags).toEqual([]);
    window.history.replaceState(null, '', '/#/demo.social/t/Protokoll');
    render([QUOTING], 'home-page');
    expect(phanpyAdapter.readPost(posts()[0]!)!.impliedTags).toEqual([]);
  });

  it('ignores ghosts and skeletons, and reads hostile markup within bounds', () => {
    render(['<article class="status ghost"><div class="content-container"><div class="content"><p>…</p></div></div></article>']);
    expect(posts()).toHaveLength(0);
    const depth = 1_000;
    const deep = '<span>'.repeat(depth) + 'x'.repeat(50_000) + '</span>'.repeat(depth);
    render([article('demo.social/../../<b>', content(`${deep}${tag('Protokoll')}<a href="#/x/t/%E0%A4%A">kaputt</a>`))]);
    const view = phanpyAdapter.readPost(posts()[0]!)!;
    expect(view.id).toBeNull();
    expect(view.text.length).toBeLessThanOrEqual(20_000);
    expect(view.hashtagLinks.map((link) => link.name)).toEqual(['protokoll']);
  });
});
