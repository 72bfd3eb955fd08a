const BLOCK_ELEMENTS = new Set(['P', 'DIV', 'LI', 'BLOCKQUOTE', 'PRE', 'H1', 'H2', 'H3', 'H4', 'UL', 'OL']);

/** Maximum characters read from one post: enough for any real post, bounded for hostile ones. */
export const MAX_POST_TEXT = 20_000;

/**
 * The text of an element as a reader sees its lines: paragraphs and `<br>` become newlines,
 * which `textContent` would glue together; runs of white space in the markup become one space.
 * Iterative (deeply nested markup cannot overflow the stack) and bounded to `MAX_POST_TEXT`
 * characters. A plain sibling walk: a TreeWalker with a filter called into script once per node,
 * which the profile showed as most of this function's cost.
 */
export function readVisibleText(root: Element): string {
  let text = '';
  let node: Node | null = root.firstChild;
  while (node && text.length < MAX_POST_TEXT) {
    let descend = false;
    if (node.nodeType === 3) {
      text += (node.nodeValue ?? '').replace(/\s+/g, ' ');
    } else if (node.nodeType === 1) {
      const tag = (node as Element).tagName;
      if (tag === 'BR' || BLOCK_ELEMENTS.has(tag)) text += '\n';
      descend = true;
    }
    node = descend && node.firstChild ? node.firstChild : nextOutside(node, root);
  }
  // White space is only ' ' and '\n' here: each line break with the spaces and breaks around it becomes one.
  return text
    .slice(0, MAX_POST_TEXT)
    .replace(/ *\n[ \n]*/g, '\n')
    .trim();
}

/** The node after `node` and its subtree in document order, without leaving `root`. */
function nextOutside(node: Node, root: Node): Node | null {
  for (let current: Node | null = node; current && current !== root; current = current.parentNode) {
    if (current.nextSibling) return current.nextSibling;
  }
  return null;
}
