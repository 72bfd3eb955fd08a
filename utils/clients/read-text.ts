const BLOCK_ELEMENTS = new Set(['P', 'DIV', 'LI', 'BLOCKQUOTE', 'PRE', 'H1', 'H2', 'H3', 'H4', 'UL', 'OL']);

/** Maximum characters read from one post: enough for any real post, bounded for hostile ones. */
export const MAX_POST_TEXT = 20_000;

/**
 * The text of an element as a reader sees its lines: paragraphs and `<br>` become newlines,
 * which `textContent` would glue together; runs of white space in the markup become one space. Iterative (deeply nested markup cannot overflow the
 * stack) and bounded to `MAX_POST_TEXT` characters. `skip` prunes whole subtrees.
 */
export function readVisibleText(root: Element, skip?: (el: Element) => boolean): string {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 0x1 | 0x4 /* SHOW_ELEMENT | SHOW_TEXT */, {
    acceptNode: (node) => (node.nodeType === 1 && skip?.(node as Element) ? 2 /* REJECT */ : 1),
  });
  const parts: string[] = [];
  let length = 0;
  for (let node = walker.nextNode(); node && length < MAX_POST_TEXT; node = walker.nextNode()) {
    let piece: string;
    if (node.nodeType === 3) piece = (node.nodeValue ?? '').replace(/\s+/g, ' ');
    else if ((node as Element).tagName === 'BR') piece = '\n';
    else if (BLOCK_ELEMENTS.has((node as Element).tagName)) piece = '\n';
    else continue;
    parts.push(piece);
    length += piece.length;
  }
  return parts
    .join('')
    .slice(0, MAX_POST_TEXT)
    .replace(/ *\n */g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
