// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { hashtagNameOfLink, normalizeTagName } from '@/utils/clients/hashtag-name';

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
