/**
 * The least an extension that labels posts by their text must do, as an init script for the bench's
 * page (main world, no extension): observe insertions, find each post (again when the page rebuilt it),
 * read its text as a reader sees the lines and its hashtag links, and mark it with one attribute. No
 * messages, no classifier, no chips, no tooltip. `npm run bench -- --profile` profiles it on the same
 * timeline as the extension: its time on the stack is a floor no design of the content script goes
 * under, to set the per-post budget against. `window.__floor` counts its reads and sums its callbacks'
 * time (performance.now), a check on the profile that has no sampling overhead.
 */
export const FLOOR_READER_URL = 'hc-floor-reader.js';

export const FLOOR_READER = `(() => {
  const stats = { ms: 0, callbacks: 0, reads: 0 };
  window.__floor = stats;
  const read = new WeakSet();
  const LINE_BREAKS = new Set(['BR', 'P', 'DIV', 'LI', 'BLOCKQUOTE', 'PRE', 'H1', 'H2', 'H3', 'H4', 'UL', 'OL']);
  function nextOutside(node, root) {
    for (let current = node; current && current !== root; current = current.parentNode) if (current.nextSibling) return current.nextSibling;
    return null;
  }
  function visibleText(root) {
    let text = '';
    for (let node = root.firstChild; node; ) {
      let descend = false;
      if (node.nodeType === 3) text += node.nodeValue.replace(/\\s+/g, ' ');
      else if (node.nodeType === 1) {
        if (LINE_BREAKS.has(node.tagName)) text += '\\n';
        descend = true;
      }
      node = descend && node.firstChild ? node.firstChild : nextOutside(node, root);
    }
    return text.trim();
  }
  new MutationObserver((records) => {
    const start = performance.now();
    stats.callbacks++;
    const posts = new Set();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        const around = node.closest('.status[data-id]');
        if (around) posts.add(around);
        if (node.firstElementChild) for (const post of node.querySelectorAll('.status[data-id]')) posts.add(post);
      }
    }
    for (const post of posts) {
      if (read.has(post)) continue;
      const parts = post.querySelectorAll('.status__content__text, .hashtag-bar');
      if (parts.length === 0) continue;
      read.add(post);
      let text = '';
      const tags = [];
      for (const part of parts) {
        text += visibleText(part) + '\\n';
        for (const link of part.querySelectorAll('a')) if (link.textContent.startsWith('#')) tags.push(link.textContent.slice(1).toLowerCase());
      }
      stats.reads++;
      (post.closest('article') || post).setAttribute('data-floor', tags.length > 0 && text.length > 0 ? 'tagged' : 'untagged');
    }
    stats.ms += performance.now() - start;
  }).observe(document, { childList: true, subtree: true });
})();
//# sourceURL=${FLOOR_READER_URL}`;
