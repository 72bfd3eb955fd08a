// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { detectClient } from '@/utils/clients';
import { lmstAdapter } from '@/utils/clients/lmst';

/** lmst's static shell (`index.html`) with the layout `Layout.ts` mounts, around `middle`. */
function shell(middle: string): string {
  return `<div id="app"><nav class="nav"></nav><div class="ltContainer"><div class="ltMiddle">${middle}</div><div class="ltRight"></div></div><div class="ltFooter"></div></div>
<div id="icons" style="display: none"><div id="icon-logo"><svg></svg></div><div id="icon-boost"><svg></svg></div></div>`;
}

const STATUS = `
<div class="status" tabindex="0">
  <div class="header"><a class="avatarLink" href="/profile/jana@demo.social/"></a><div class="profileInfo"><span class="profileName">Jana</span><a class="profileLink" href="https://demo.social/@jana" target="_blank">jana</a></div><span class="createDate">12.06.2025</span></div>
  <div class="content"><p>Das <a href="/tags/Protokoll" class="mention hashtag" rel="tag" target="_self">#<span>Protokoll</span></a> der Sitzung</p><p>Zeile eins<br>Zeile zwei <a href="/profile/anna@other.example/" class="u-url mention" target="_self">@<span>anna</span></a> <a href="https://other.example/tags/Chatkontrolle" rel="nofollow">#Chatkontrolle</a></p></div>
  <div class="status-buttons"><button class="icon-button status-button">Boost</button></div>
</div>`;

const BOOST = `
<div class="status" tabindex="0">
  <div class="boostedText"><span>Rike boosted: </span></div>
  <div class="header"><div class="profileInfo"><span class="profileName">Ada</span></div></div>
  <div class="content"><p>Neues <a href="/tags/XMPP" class="mention hashtag" target="_self">#<span>XMPP</span></a>-Protokoll</p></div>
</div>`;

const SENSITIVE = `
<div class="status" tabindex="0">
  <div class="header"><span class="profileName">Sam</span></div>
  <div class="sensitiveContent"><button class="showSensitiveContent">Show sensitive content</button></div>
</div>`;

function render(middle: string) {
  document.body.innerHTML = shell(middle);
}

const posts = () => [...document.querySelectorAll(lmstAdapter.postSelector)];

describe('lmst adapter', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    window.history.replaceState(null, '', '/');
  });

  it('is chosen only on lmst’s shell', () => {
    render('');
    expect(detectClient(document)?.id).toBe('lmst');
    document.body.innerHTML = `<div id="app">${STATUS}</div>`; // an #app with .status, but nothing of lmst
    expect(lmstAdapter.detect(document)).toBe(false);
    document.body.innerHTML = `<div id="mastodon" class="app-holder"></div>`;
    expect(lmstAdapter.detect(document)).toBe(false);
    expect(detectClient(document)?.id).toBe('mastodon');
    document.body.innerHTML = `<div id="app"><ul class="timeline"><li><article class="status" data-state-post-id="demo.social/1"></article></li></ul></div><div id="modal-container"></div>`;
    expect(lmstAdapter.detect(document)).toBe(false);
    expect(detectClient(document)?.id).toBe('phanpy');
    document.body.innerHTML = `<div id="__nuxt"><div id="status-1" aria-roledescription="status-card"></div></div>`;
    expect(lmstAdapter.detect(document)).toBe(false);
  });

  it('reads the body with its line breaks and the hashtag links; lmst shows no id', () => {
    render(STATUS);
    const view = lmstAdapter.readPost(posts()[0]!)!;
    expect(view.id).toBeNull();
    expect(view.container).toBe(posts()[0]);
    expect(view.text).toBe('Das #Protokoll der Sitzung\nZeile eins\nZeile zwei @anna #Chatkontrolle');
    expect(view.hashtagLinks.map((link) => link.name)).toEqual(['protokoll', 'chatkontrolle']);
    expect(lmstAdapter.hashtagName(document.querySelector('a.u-url')!)).toBeNull();
  });

  it('reads a boost’s post without the “boosted” line', () => {
    render(BOOST);
    const view = lmstAdapter.readPost(posts()[0]!)!;
    expect(view.text).toBe('Neues #XMPP-Protokoll');
    expect(view.hashtagLinks.map((link) => link.name)).toEqual(['xmpp']);
  });

  it('waits for a sensitive post to be revealed, then reads the inserted raw HTML', () => {
    render(SENSITIVE);
    const post = posts()[0]!;
    expect(lmstAdapter.readPost(post)).toBeNull();
    // What "Show sensitive content" does: a class-less div with the status HTML, links not rewritten.
    const revealed = document.createElement('div');
    revealed.innerHTML = '<p>Heikel: <a href="https://demo.social/tags/Protokoll" class="mention hashtag" rel="tag">#<span>Protokoll</span></a></p>';
    post.insertBefore(revealed, post.querySelector('.sensitiveContent'));
    post.querySelector('.sensitiveContent')!.remove();
    const view = lmstAdapter.readPost(post)!;
    expect(view.text).toBe('Heikel: #Protokoll');
    expect(view.hashtagLinks.map((link) => link.name)).toEqual(['protokoll']);
  });

  it('takes the id from the status page’s route', () => {
    window.history.replaceState(null, '', '/status/demo.social/jana@demo.social/113000000000000042');
    render(STATUS.replace('class="status"', 'class="status single"'));
    expect(lmstAdapter.readPost(posts()[0]!)!.id).toBe('113000000000000042');
  });

  it('gives posts on the tag page its tag, and nothing elsewhere', () => {
    const tagPage = `<div id="timeline-root"><h2 class="tagHeader">#Protokoll</h2><div class="timeline-container"><div class="statusesList">${BOOST}</div></div></div>`;
    window.history.replaceState(null, '', '/tags/Protokoll');
    render(tagPage);
    expect(lmstAdapter.readPost(posts()[0]!)!.impliedTags).toEqual(['protokoll']);
    window.history.replaceState(null, '', '/lmst/tags/%C3%9Cbung');
    expect(lmstAdapter.readPost(posts()[0]!)!.impliedTags).toEqual(['übung']);
    window.history.replaceState(null, '', '/');
    expect(lmstAdapter.readPost(posts()[0]!)!.impliedTags).toEqual([]);
    window.history.replaceState(null, '', '/tags/%E0%A4%A');
    expect(lmstAdapter.readPost(posts()[0]!)!.impliedTags).toEqual([]);
  });

  it('reads hostile markup without throwing and within bounds', () => {
    const depth = 1_000;
    const deep = '<span>'.repeat(depth) + 'x'.repeat(50_000) + '</span>'.repeat(depth);
    render(`<div class="status"><div class="content">${deep}<a href="/tags/Protokoll">#Protokoll</a><a href="/tags/%E0%A4%A">#kaputt%</a><a href="/tags/${'a'.repeat(3_000)}">lang</a></div></div>`);
    const view = lmstAdapter.readPost(posts()[0]!)!;
    expect(view.text.length).toBeLessThanOrEqual(20_000);
    expect(view.hashtagLinks.map((link) => link.name)).toEqual(['protokoll', 'kaputt%']);
  });
});
