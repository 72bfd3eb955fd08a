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
});
