// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { MAX_POST_TEXT, readVisibleText } from '@/utils/clients/read-text';

const element = (html: string) => {
  const root = document.createElement('div');
  root.innerHTML = html;
  return root;
};

describe('readVisibleText', () => {
  it('turns paragraphs and line breaks into lines and collapses white space', () => {
    const root = element('<p>Das  Protokoll\n  der <b>Sitzung</b></p><p>zweite<br>Zeile</p>');
    expect(readVisibleText(root)).toBe('Das Protokoll der Sitzung\nzweite\nZeile');
  });

  it('reads nested inline markup in document order and leaves comments out', () => {
    const root = element('<span>a<em>b<i>c</i>d</em><!-- hidden -->e</span><a href="/tags/x">#<span>x</span></a>');
    expect(readVisibleText(root)).toBe('abcde#x');
  });

  it('does not read past the element it was given', () => {
    const outer = element('<div id="post"><p>inside</p></div><p>outside</p>');
    expect(readVisibleText(outer.querySelector('#post')!)).toBe('inside');
  });

  it('reads 10,000 levels of nesting without overflowing the stack', () => {
    let innermost = document.createElement('span');
    const root = innermost;
    for (let depth = 0; depth < 10_000; depth++) {
      const child = document.createElement('span');
      innermost.append(child);
      innermost = child;
    }
    innermost.textContent = 'deep';
    expect(readVisibleText(root)).toBe('deep');
  });

  it('stops at its bound on huge text', () => {
    const root = element(`<p>${'wort '.repeat(5_000)}</p>`.repeat(3));
    expect(readVisibleText(root).length).toBeLessThanOrEqual(MAX_POST_TEXT);
  });

  it('reads an empty element as empty text', () => {
    expect(readVisibleText(element(''))).toBe('');
  });
});
