// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { detectClient } from '@/utils/clients';
import { elkAdapter } from '@/utils/clients/elk';

/**
 * A hashtag link as Elk renders it: href `/<server>/tags/<name>`, children in `bdi`, inside its hover wrapper.
 * The hover card's trigger (floating-vue) is a `div`, shown inline-block: `readVisibleText` takes it
 * for a block, so Elk's text has a line break before each linked tag (harmless for classification).
 */
const tag = (name: string, server = 'demo.social') =>
  `<span><div class="v-popper v-popper--theme-dropdown inline-block"><a class="mention hashtag" rel="tag" href="/${server}/tags/${name}"><bdi>#<span>${name}</span></bdi></a></div></span>`;

const card = (id: string, inner: string, lang = 'de') =>
  `<div id="status-${id}" class="relative flex" tabindex="0" aria-roledescription="status-card" lang="${lang}">${inner}</div>`;

const STATUS = card(
  '111',
  `<div class="flex gap-3"><div class="flex-1"><div class="space-y-3">
    <div class="status-body whitespace-pre-wrap with-action"><span class="content-rich line-compact" dir="auto" lang="de"><p>Das ${tag('Protokoll')} der Sitzung</p><p>Zeile<br>zwei <a href="https://other.example/tags/Chatkontrolle" rel="nofollow">#Chatkontrolle</a></p></span></div>
  </div></div></div>`,
);

const WITH_CW_CLOSED = card(
  '222',
  `<div class="space-y-3"><div class="flex flex-col items-start"><div class="content-rich text-center"><p><span class="content-rich" dir="auto">Politik</span></p></div>
   <div class="flex"><button aria-expanded="false">Show more</button></div></div></div>`,
);

const QUOTING = card(
  '333',
  `<div class="space-y-3"><div class="status-body has-quote"><span class="content-rich line-compact" dir="auto"><p>Schaut mal ${tag('Matrix')}</p></span>
   <blockquote cite="https://other.example/statuses/444">${card('444', `<div class="space-y-3"><div class="status-body"><span class="content-rich line-compact"><p>Zitiert: ${tag('Protokoll')}</p></span></div></div>`)}</blockquote>
   </div></div>`,
);

function render(html: string) {
  document.head.innerHTML = '<meta property="og:site_name" content="Elk">';
  document.body.innerHTML = `<div id="__nuxt"><main>${html}</main></div>`;
}

const posts = () => [...document.querySelectorAll(elkAdapter.postSelector)];

describe('Elk adapter', () => {
  beforeEach(() => {
    document.head.innerHTML = '';
    document.body.innerHTML = '';
    window.history.replaceState(null, '', '/');
  });

  it('is chosen on Elk’s Nuxt root with Elk’s markers, and not on other Nuxt apps or other clients', () => {
    render('');
    expect(detectClient(document)?.id).toBe('elk');
    document.head.innerHTML = '';
    document.body.innerHTML = `<div id="__nuxt">${STATUS}</div>`;
    expect(detectClient(document)?.id).toBe('elk');
    document.body.innerHTML = '<div id="__nuxt"><article class="status">another Nuxt site</article></div>';
    expect(elkAdapter.detect(document)).toBe(false);
    document.body.innerHTML = `<div id="mastodon" class="app-holder"><div class="status" data-id="1"></div></div>`;
    expect(elkAdapter.detect(document)).toBe(false);
    document.body.innerHTML = `<div id="app"><article class="status" data-state-post-id="demo.social/1"></article></div><div id="modal-container"></div>`;
    expect(elkAdapter.detect(document)).toBe(false);
    document.body.innerHTML = `<div id="app"><div class="ltContainer"><div class="ltMiddle"><div class="status"></div></div></div></div>`;
    expect(elkAdapter.detect(document)).toBe(false);
  });

  it('reads id, text and Elk’s rewritten hashtag links', () => {
    render(STATUS);
    const view = elkAdapter.readPost(posts()[0]!)!;
    expect(view.id).toBe('111');
    expect(view.container).toBe(posts()[0]);
    expect(view.text).toBe('Das\n#Protokoll der Sitzung\nZeile\nzwei #Chatkontrolle');
    expect(view.hashtagLinks.map((link) => link.name)).toEqual(['protokoll', 'chatkontrolle']);
  });

  it('names links of every form Elk leaves: own route with or without server, origin URL, text', () => {
    const link = document.createElement('a');
    const name = (href: string, text = 'x') => {
      link.setAttribute('href', href);
      link.textContent = text;
      return elkAdapter.hashtagName(link);
    };
    expect(name('/demo.social/tags/%C3%9Cbung')).toBe('übung');
    expect(name('/tags/Protokoll')).toBe('protokoll');
    expect(name('https://misskey.example/tags/Protokoll')).toBe('protokoll');
    expect(name('/demo.social/@anna', '@anna')).toBeNull();
    expect(name('/demo.social/@anna/113', '#Protokoll')).toBe('protokoll');
  });

  it('waits for a collapsed content warning, then reads warning and body', () => {
    render(WITH_CW_CLOSED);
    const post = posts()[0]!;
    expect(elkAdapter.readPost(post)).toBeNull();
    post.querySelector('.space-y-3')!.insertAdjacentHTML(
      'beforeend',
      `<div class="status-body"><span class="content-rich line-compact"><p>Der Rat stimmt ab. ${tag('Protokoll')}</p></span></div>`,
    );
    const view = elkAdapter.readPost(post)!;
    expect(view.text).toBe('Politik\nDer Rat stimmt ab.\n#Protokoll');
    expect(view.hashtagLinks.map((link) => link.name)).toEqual(['protokoll']);
  });

  it('keeps a quoted post apart from the post quoting it, and leaves a translation out', () => {
    render(QUOTING);
    const [outer, inner] = posts();
    const outerView = elkAdapter.readPost(outer!)!;
    expect(outerView.id).toBe('333');
    expect(outerView.text).toBe('Schaut mal\n#Matrix');
    expect(outerView.hashtagLinks.map((link) => link.name)).toEqual(['matrix']);
    const innerView = elkAdapter.readPost(inner!)!;
    expect(innerView.id).toBe('444');
    expect(innerView.text).toBe('Zitiert:\n#Protokoll');
    inner!.querySelector('.status-body')!.insertAdjacentHTML('beforeend', '<div class="my2"></div><span class="content-rich line-compact">Quoted: #Protokoll</span>');
    expect(elkAdapter.readPost(inner!)!.text).toBe('Zitiert:\n#Protokoll');
  });

  it('reads the focused post of the detail view', () => {
    render(`<div id="status-555" aria-roledescription="status-details"><div><div class="status-body"><span class="content-rich"><p>${tag('Protokoll')}</p></span></div></div></div>`);
    const view = elkAdapter.readPost(posts()[0]!)!;
    expect(view.id).toBe('555');
    expect(view.hashtagLinks.map((link) => link.name)).toEqual(['protokoll']);
  });

  it('gives posts of a tag timeline its tag, but not a quoted post or other routes', () => {
    render(QUOTING);
    window.history.replaceState(null, '', '/demo.social/tags/Protokoll');
    const [outer, inner] = posts();
    expect(elkAdapter.readPost(outer!)!.impliedTags).toEqual(['protokoll']);
    expect(elkAdapter.readPost(inner!)!.impliedTags).toEqual([]);
    window.history.replaceState(null, '', '/tags/Protokoll');
    expect(elkAdapter.readPost(outer!)!.impliedTags).toEqual(['protokoll']);
    window.history.replaceState(null, '', '/demo.social/@anna/333');
    expect(elkAdapter.readPost(outer!)!.impliedTags).toEqual([]);
    window.history.replaceState(null, '', '/demo.social/explore/tags');
    expect(elkAdapter.readPost(outer!)!.impliedTags).toEqual([]);
  });

  it('reads hostile markup without throwing and within bounds', () => {
    const depth = 1_000;
    const deep = '<span>'.repeat(depth) + 'x'.repeat(50_000) + '</span>'.repeat(depth);
    render(card('7<script>', `<div class="status-body"><span class="content-rich">${deep}${tag('Protokoll')}<a href="/x/tags/%E0%A4%A">kaputt</a></span></div>`));
    const view = elkAdapter.readPost(posts()[0]!)!;
    expect(view.id).toBeNull();
    expect(view.text.length).toBeLessThanOrEqual(20_000);
    expect(view.hashtagLinks.map((link) => link.name)).toEqual(['protokoll']);
  });
});
