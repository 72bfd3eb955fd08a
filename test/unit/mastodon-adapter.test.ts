// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { mastodonAdapter } from '@/utils/clients/mastodon';
import { detectClient } from '@/utils/clients';

const TIMELINE_POST = `
<article data-id="111" aria-posinset="1" aria-setsize="3" tabindex="-1">
  <div class="status__wrapper status__wrapper-public focusable" tabindex="0">
    <div class="status status-public" data-id="111">
      <div class="status__info"><a class="status__display-name" data-hover-card-account="9" title="anna@demo.social">Anna</a></div>
      <div class="status__content status__content--with-action">
        <div class="status__content__text status__content__text--visible translate" lang="de">
          <p>Internes <a href="/tags/Protokoll" class="mention hashtag status-link">#<span>Protokoll</span></a>: EU-Staaten uneinig</p>
          <p>Zweiter Absatz<br>mit Zeile</p>
        </div>
      </div>
      <div class="hashtag-bar"><a href="https://other.example/tags/Chatkontrolle" rel="nofollow noopener">#<span>Chatkontrolle</span></a></div>
      <div class="status__action-bar"><button>Reply</button></div>
    </div>
  </div>
</article>`;

const QUOTING_POST = `
<article data-id="222">
  <div class="status__wrapper">
    <div class="status status--has-quote" data-id="222">
      <div class="status__content"><div class="status__content__text"><p>Look at this <a href="/tags/Matrix">#<span>Matrix</span></a></p></div></div>
      <div class="status__quote">
        <div class="status__wrapper">
          <div class="status status--is-quote" data-id="333">
            <div class="status__content"><div class="status__content__text"><p>Quoted about <a href="/tags/Protokoll">#<span>Protokoll</span></a></p></div></div>
          </div>
        </div>
      </div>
    </div>
  </div>
</article>`;

const CONTENT_WARNING_POST = `
<article data-id="444"><div class="status__wrapper"><div class="status" data-id="444">
  <div class="content-warning"><p>Politik, Chatkontrolle</p><button class="link-button">Show more</button></div>
</div></div></article>`;

const DETAIL_VIEW = `
<div class="focusable detailed-status__wrapper detailed-status__wrapper-public">
  <div class="detailed-status">
    <div class="status__content"><div class="status__content__text"><p>Das <a href="/tags/protokoll">#<span>protokoll</span></a> der Sitzung</p></div></div>
  </div>
</div>`;

function render(html: string) {
  document.body.innerHTML = `<div id="mastodon" class="app-holder">${html}</div>`;
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Mastodon adapter', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    window.history.replaceState(null, '', '/');
  });

  it('is chosen only on a page with Mastodon’s web UI root', () => {
    expect(detectClient(document)).toBeNull();
    render('');
    expect(detectClient(document)?.id).toBe('mastodon');
  });

  it('reads id, text with paragraph breaks and the hashtag bar, and hashtag links', () => {
    render(TIMELINE_POST);
    const post = document.querySelector(mastodonAdapter.postSelector)!;
    const view = mastodonAdapter.readPost(post)!;
    expect(view.id).toBe('111');
    expect(view.container.tagName).toBe('ARTICLE');
    expect(view.text).toBe('Internes #Protokoll: EU-Staaten uneinig\nZweiter Absatz\nmit Zeile\n#Chatkontrolle');
    expect(view.hashtagLinks.map((link) => link.name)).toEqual(['protokoll', 'chatkontrolle']);
  });

  it('keeps a quoted post apart from the post quoting it', () => {
    render(QUOTING_POST);
    const [outer, inner] = [...document.querySelectorAll(mastodonAdapter.postSelector)];
    const outerView = mastodonAdapter.readPost(outer!)!;
    const innerView = mastodonAdapter.readPost(inner!)!;
    expect(outerView.text).toBe('Look at this #Matrix');
    expect(outerView.hashtagLinks.map((link) => link.name)).toEqual(['matrix']);
    expect(innerView.id).toBe('333');
    expect(innerView.text).toBe('Quoted about #Protokoll');
    expect(innerView.container.classList.contains('status__quote')).toBe(true);
  });

  it('waits for a collapsed content warning to be expanded, then reads spoiler and body', () => {
    render(CONTENT_WARNING_POST);
    const post = document.querySelector(mastodonAdapter.postSelector)!;
    expect(mastodonAdapter.readPost(post)).toBeNull();
    post.insertAdjacentHTML(
      'beforeend',
      '<div class="status__content"><div class="status__content__text"><p>Der Rat stimmt ab. <a href="/tags/Protokoll">#<span>Protokoll</span></a></p></div></div>',
    );
    const view = mastodonAdapter.readPost(post)!;
    expect(view.text).toBe('Politik, Chatkontrolle\nDer Rat stimmt ab. #Protokoll');
    expect(view.hashtagLinks.map((link) => link.name)).toEqual(['protokoll']);
  });

  it('reads the content warning in the markup of 4.3.0 and of 4.3.2+', () => {
    const body = '<div class="status__content"><div class="status__content__text"><p>Das <a href="/tags/Protokoll">#<span>Protokoll</span></a>.</p></div></div>';
    const warnings = {
      // 4.3.0 `content_warning.tsx`
      '557': '<div class="content-warning"><div class="content-warning__border"></div><div class="content-warning__body"><p>Netzpolitik</p><button class="link-button">Hide post</button></div></div>',
      // 4.3.2+ `status_banner.tsx` around `content_warning.tsx`: the warning's `<p>` goes inside the banner's (below)
      '558': '<div class="content-warning"><p id="r1"></p><button class="link-button">Hide post</button></div>',
    };
    for (const [id, warning] of Object.entries(warnings)) {
      document.body.innerHTML = `<article data-id="${id}"><div class="status" data-id="${id}"></div></article>`;
      // Built node by node: an HTML parser would not nest the two paragraphs, React does.
      const status = document.querySelector('.status')!;
      status.innerHTML = body;
      const template = document.createElement('template');
      template.innerHTML = warning;
      const banner = template.content.firstElementChild!;
      if (id === '558') banner.querySelector('p')!.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'Netzpolitik' }));
      status.prepend(banner);
      expect(mastodonAdapter.readPost(status)!.text, id).toBe('Netzpolitik\nDas #Protokoll.');
    }
  });

  it('leaves a warn filter’s banner out of the text: it names the reader’s filter, not what the post says', () => {
    // 4.3.2+ `status_banner.tsx`: the filter banner has the content warning's markup plus `--filter`;
    // once the reader chose "Show anyway" it stays above the body, then come the post's own warning and body.
    render(`<article data-id="555"><div class="status__wrapper"><div class="status" data-id="555">
      <div class="content-warning content-warning--filter"><p>Matches filter “Bundestag”</p><button class="link-button">Hide post</button></div>
      <div class="content-warning"><p>Netzpolitik</p><button class="link-button">Show less</button></div>
      <div class="status__content"><div class="status__content__text"><p>Lange Nacht. Das <a href="/tags/Protokoll">#<span>Protokoll</span></a> hielt.</p></div></div>
    </div></div></article>`);
    const view = mastodonAdapter.readPost(document.querySelector(mastodonAdapter.postSelector)!)!;
    expect(view.text).toBe('Netzpolitik\nLange Nacht. Das #Protokoll hielt.');
  });

  it('reads nothing of a post hidden behind a warn filter until the reader shows it', () => {
    // 4.3.0's `filter_warning.tsx` nests the text in `.content-warning__body`.
    render(`<article data-id="556"><div class="status__wrapper"><div class="status" data-id="556">
      <div class="content-warning content-warning--filter"><div class="content-warning__body"><p>Matches filter “Bundestag”</p><button class="link-button">Show anyway</button></div></div>
    </div></div></article>`);
    expect(mastodonAdapter.readPost(document.querySelector(mastodonAdapter.postSelector)!)).toBeNull();
  });

  it('takes the focused post’s id from the permalink in the detail view', () => {
    window.history.replaceState(null, '', '/@anna/112233');
    render(DETAIL_VIEW);
    const view = mastodonAdapter.readPost(document.querySelector(mastodonAdapter.postSelector)!)!;
    expect(view.id).toBe('112233');
    expect(view.container.classList.contains('detailed-status__wrapper')).toBe(true);
    expect(view.hashtagLinks.map((link) => link.name)).toEqual(['protokoll']);
  });

  // The route and the columns are read once per task (a flush reads many posts in one): each change below is
  // a task of its own, as a navigation or a re-render is in the browser.
  it('gives every post of a hashtag timeline its tag, even when no link shows it', async () => {
    window.history.replaceState(null, '', '/tags/Protokoll');
    render(`<div class="item-list" role="feed">${QUOTING_POST}</div>`);
    const post = document.querySelector(mastodonAdapter.postSelector)!;
    expect(mastodonAdapter.readPost(post)!.impliedTags).toEqual(['protokoll']);
    await nextTask();
    render(`<div class="item-list" role="feed">${QUOTING_POST}</div><div class="item-list" role="feed"></div>`);
    expect(mastodonAdapter.readPost(document.querySelector(mastodonAdapter.postSelector)!)!.impliedTags).toEqual([]);
    await nextTask();
    window.history.replaceState(null, '', '/home');
    render(`<div class="item-list" role="feed">${QUOTING_POST}</div>`);
    expect(mastodonAdapter.readPost(document.querySelector(mastodonAdapter.postSelector)!)!.impliedTags).toEqual([]);
  });

  it('tells the single-column layout from the advanced one by the columns around the feed', async () => {
    window.history.replaceState(null, '', '/tags/Protokoll');
    const column = (label: string, posts = '') =>
      `<div role="region" aria-label="${label}" class="column"><div class="scrollable"><div class="item-list" role="feed">${posts}</div></div></div>`;
    const impliedOfFirstPost = () =>
      mastodonAdapter.readPost(document.querySelector(mastodonAdapter.postSelector)!)!.impliedTags;

    render(`<div class="columns-area columns-area--mobile">${column('#Protokoll', QUOTING_POST)}</div>`);
    expect(impliedOfFirstPost()).toEqual(['protokoll']);
    await nextTask();
    render(`<div class="columns-area"><div class="drawer"></div>${column('Home')}${column('#Protokoll', QUOTING_POST)}</div>`);
    expect(impliedOfFirstPost()).toEqual([]);
    window.history.replaceState(null, '', '/home');
  });

  it('returns null for the hidden placeholder of a swapped-out post', () => {
    render('<article data-id="5"><div class="status__wrapper"><span>Anna</span><span>&lt;p&gt;raw&lt;/p&gt;</span></div></article>');
    expect(document.querySelector(mastodonAdapter.postSelector)).toBeNull();
    render('<article data-id="6"><div class="status" data-id="6"><div class="status__info">only a header</div></div></article>');
    expect(mastodonAdapter.readPost(document.querySelector(mastodonAdapter.postSelector)!)).toBeNull();
  });

  it('reads a hostile, deeply nested post without throwing and within bounds', () => {
    const depth = 1_000; // happy-dom's own selector engine recurses; real browsers take far deeper trees
    const deep = '<span>'.repeat(depth) + 'x'.repeat(50_000) + '</span>'.repeat(depth);
    render(`<article data-id="7"><div class="status" data-id="7"><div class="status__content__text">${deep}<a href="/tags/Protokoll">#Protokoll</a></div></div></article>`);
    const view = mastodonAdapter.readPost(document.querySelector(mastodonAdapter.postSelector)!)!;
    expect(view.text.length).toBeLessThanOrEqual(20_000);
    expect(view.hashtagLinks.map((link) => link.name)).toEqual(['protokoll']);
  });
});
