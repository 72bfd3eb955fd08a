// @vitest-environment happy-dom
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ownParts } from '@/utils/clients/client-parts';

/** The reading before: two `closest` per part. */
function ownPartsByClosest(post: Element, postSelector: string, partSelector: string): Element[] {
  return [...post.querySelectorAll(partSelector)].filter(
    (part) => part.closest(postSelector) === post && !part.parentElement?.closest(partSelector),
  );
}

interface Node {
  tag: 'div' | 'p' | 'span';
  classes: string[];
  children: Node[];
}
const node: fc.Memo<Node> = fc.memo((depth) =>
  fc.record({
    tag: fc.constantFrom('div', 'p', 'span'),
    classes: fc.subarray(['status', 'part', 'cw', 'quote', 'other']),
    children: depth > 1 ? fc.array(node(depth - 1), { maxLength: 3 }) : fc.constant([]),
  }),
);
const html = ({ tag, classes, children }: Node): string => `<${tag} class="${classes.join(' ')}">${children.map(html).join('')}</${tag}>`;

describe('own parts of a post', () => {
  it('are the parts of the post itself: not of a nested post, not inside another part', () => {
    document.body.innerHTML =
      '<div class="status" id="outer"><div class="part" id="a"><span class="part" id="inner-part"></span></div>' +
      '<div class="status" id="nested"><div class="part" id="b"></div></div><div class="cw"><p id="c"></p></div></div>';
    const ids = (post: string) => ownParts(document.getElementById(post)!, '.status', '.part, .cw p').map((part) => part.id);
    expect(ids('outer')).toEqual(['a', 'c']);
    expect(ids('nested')).toEqual(['b']);
    document.body.innerHTML = '<div class="part"><div class="status" id="inside"><p class="part" id="d"></p></div></div>';
    expect(ids('inside')).toEqual([]);
  });

  it('agree with two closest() per part on random markup, for every element taken as the post', () => {
    fc.assert(
      fc.property(fc.array(node(5), { minLength: 1, maxLength: 3 }), (trees) => {
        document.body.innerHTML = trees.map(html).join('');
        for (const [postSelector, partSelector] of [['.status', '.part, .cw p'], ['.status, .quote', '.part'], ['div.status', 'p, .cw']]) {
          const all = [...document.body.querySelectorAll('*')];
          // By position in the page: the same elements, not merely equal ones.
          const at = (parts: Element[]) => parts.map((part) => all.indexOf(part));
          for (const post of all) {
            expect(at(ownParts(post, postSelector!, partSelector!))).toEqual(at(ownPartsByClosest(post, postSelector!, partSelector!)));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
