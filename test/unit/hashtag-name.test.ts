// @vitest-environment happy-dom
import { URL as NodeURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashtagNameOfLink, normalizeTagName, tagFromHref } from '@/utils/clients/hashtag-name';

function link(href: string | null, text: string): HTMLAnchorElement {
  const a = document.createElement('a');
  if (href !== null) a.setAttribute('href', href);
  a.textContent = text;
  return a;
}

describe('hashtag links', () => {
  it('reads the tag from a relative or absolute /tags/ path, whatever rel says', () => {
    expect(hashtagNameOfLink(link('/tags/Protokoll', '#Protokoll'))).toBe('protokoll');
    expect(hashtagNameOfLink(link('https://chaos.social/tags/PROTOKOLL', 'irrelevant'))).toBe('protokoll');
  });

  it('decodes percent-encoded names and folds them with NFKC', () => {
    expect(hashtagNameOfLink(link('/tags/Verschl%C3%BCsselung', ''))).toBe('verschlüsselung');
    expect(normalizeTagName('＃ＰＲＯＴＯＫＯＬＬ')).toBe('protokoll');
  });

  it('falls back to text starting with # or ＃ when the href is no tag path', () => {
    expect(hashtagNameOfLink(link('https://example.org/some/page', '#Matrix'))).toBe('matrix');
    expect(hashtagNameOfLink(link(null, '＃Signal'))).toBe('signal');
  });

  it('ignores ordinary links and broken hrefs', () => {
    expect(hashtagNameOfLink(link('https://netzpolitik.org/2024/protokoll', 'netzpolitik.org/2024/protokoll'))).toBeNull();
    expect(hashtagNameOfLink(link('/tags/%E0%A4%A', 'text'))).toBeNull();
    expect(hashtagNameOfLink(link('/tags/a/b', 'no tag'))).toBeNull();
  });

  it('takes a #Word link for a hashtag only when it leads to a web page', () => {
    expect(hashtagNameOfLink(link('javascript:alert(1)', '#Protokoll'))).toBeNull();
    expect(hashtagNameOfLink(link(' JavaScript:void(0)', '#Protokoll'))).toBeNull();
    expect(hashtagNameOfLink(link('mailto:a@b.example', '#Protokoll'))).toBeNull();
    expect(hashtagNameOfLink(link('data:text/html,x', '#Protokoll'))).toBeNull();
    expect(hashtagNameOfLink(link('HTTPS://remote.example/tags', '#Protokoll'))).toBe('protokoll');
    expect(hashtagNameOfLink(link('#', '#Protokoll'))).toBe('protokoll');
    expect(hashtagNameOfLink(link('/search?q=x', '#Protokoll'))).toBe('protokoll');
  });
});

/** The reading before the fast path: every href through the URL parser. */
function tagFromHrefByUrl(href: string | null): string | null {
  if (!href || href.length > 2_000) return null;
  let pathname: string;
  try {
    pathname = new NodeURL(href, 'https://placeholder.invalid').pathname;
  } catch {
    return null;
  }
  const match = /^\/tags\/([^/?#]+)\/?$/i.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return normalizeTagName(decodeURIComponent(match[1])) || null;
  } catch {
    return null;
  }
}

/** Pieces of hrefs that the URL parser resolves, removes, re-encodes or rejects. */
const HREF_PIECES = [
  '/', '//', '\\', '/tags/', '/TAGS/', 'tags', '/@jana/', '@', 'jana', 'Protokoll', 'verschlüsselung', 'ü', 'é', 'İ', 'ﬁ',
  '.', '..', '/./', '/../', '%2e', '%2E', '.%2e', '%', '%zz', '%C3%BC', '%2F', '%41', '%E0%A4%A', '?', '#', '?q=/tags/x', '#/tags/y',
  ' ', '\t', '\n', '\r', '\0', '\u001f', '\u00a0', '\u200b', '\uD800', '\uDFFF', '＃', '／', '🧵', ':', '::', '+', '~', '_', '-',
  'https://', 'http://', 'HTTPS://', 'https:', 'https:/', 'https:\\\\', 'javascript:', 'mailto:', 'data:,',
  'chaos.social', 'other.example', 'xn--', 'xn--a', '999', '0x1', '1.2.3.999', '127.0.0.1', 'a..b', '.a', 'a.', ':99999', ':443', 'user@',
];

describe('hashtag links: the href fast path', () => {
  it('reads the same tag as the URL parser for everyday and odd hrefs', () => {
    const hrefs = [
      '/tags/Protokoll', '/tags/Protokoll/', '/tags/Protokoll?x=1', '/tags/Protokoll#top', 'https://chaos.social/tags/PROTOKOLL',
      'http://a.b-c.example/tags/x_y', 'https://Chaos.Social/tags/Matrix', '/tags/Verschl%C3%BCsselung', '/tags/verschlüsselung',
      '/tags/%E0%A4%A', '/tags/%2e', '/tags/%2E%2e', '/tags/.', '/tags/a/..', '/x/../tags/y', '/tags/a/b', '//tags/tags/x',
      '/\\tags/x', '\\tags\\x', ' /tags/x', '/tags/x ', '/ta\tgs/x', '/tags/x\n', 'https://xn--a/tags/x', 'https://999/tags/x',
      'https://1.2.3.999/tags/x', 'https://a..b/tags/x', 'https://a./tags/x', 'https://a:99999/tags/x', 'https://u@h/tags/x',
      'https://h/tags/\uD800', '/tags/\uD800', '/tags/\u200bx', '/tags/＃x', '/tags/x／y', 'tags/x', '/@jana/123', '/@jana',
      'https://demo.social/@jana/1140000001', '/tags/%23x', '/tags/%', '/tags/_', '/tags/-', '/tags/~x', '/tags/a+b',
    ];
    for (const href of hrefs) expect([href, tagFromHref(href)]).toEqual([href, tagFromHrefByUrl(href)]);
  });

  it('agrees with the URL parser on random hrefs made of the pieces it treats specially', () => {
    const piece = fc.oneof(fc.constantFrom(...HREF_PIECES), fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 3 }));
    const label = fc.oneof(fc.constantFrom('a', 'chaos', 'social', 'Ab-c', '-x-', '1a', 'xn--a', 'XN--bcher-kva', '999', '0x1f', '0', ''), fc.string({ maxLength: 3 }));
    const host = fc.tuple(fc.array(label, { minLength: 1, maxLength: 4 }), fc.constantFrom('', '', ':443', ':99999', ':', '.'))
      .map(([labels, end]) => labels.join('.') + end);
    const start = fc.oneof(fc.constantFrom('', '', '/', '//', '\\'), fc.tuple(fc.constantFrom('https://', 'http://', 'HTTPS://', 'https:', 'ftp://', ' https://'), host).map(([s, h]) => s + h));
    const path = fc.array(fc.oneof(fc.constantFrom('/tags/', '/', 'tags', 'Protokoll', '@jana'), piece), { maxLength: 6 }).map((parts) => parts.join(''));
    const href = fc.oneof(
      fc.tuple(start, path).map(([s, p]) => s + p),
      fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(href, (h) => {
        expect(tagFromHref(h)).toBe(tagFromHrefByUrl(h));
      }),
      { numRuns: 20_000 },
    );
  });
});
