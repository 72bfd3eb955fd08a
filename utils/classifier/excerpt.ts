/**
 * What part of a post's text the classifier reads. A module of its own, without the normaliser's tables:
 * the content script cuts every post to this before sending it, and importing `normalize.ts` for it built
 * the fold table (9 ms of the page's main thread) on every page the content script runs on.
 */

/** Of a long text, the classifier reads this many characters from its beginning… */
export const EXCERPT_HEAD_CHARS = 4_000;
/** …and this many from its end, where posts collect their hashtags (Mastodon's hashtag bar). */
export const EXCERPT_TAIL_CHARS = 1_000;
/** How much of a post's text is processed: the head, a line break, the tail. */
export const MAX_TEXT_CHARS = EXCERPT_HEAD_CHARS + 1 + EXCERPT_TAIL_CHARS;
/** How far a cut moves to reach white space, so that no half word is read as a word. */
const CUT_SLACK = 64;

/**
 * The part of a text the classifier reads: the whole text up to {@link MAX_TEXT_CHARS}; of a longer one
 * (an article excerpt, a thread pasted into one post) its first {@link EXCERPT_HEAD_CHARS} characters,
 * which say what it is about, and its last {@link EXCERPT_TAIL_CHARS}, which hold its hashtags, joined by a
 * line break. Cuts move to white space nearby and never split a surrogate pair. Callers that send text
 * to the classifier (the content script) send only this.
 */
export function classifiedExcerpt(text: string): string {
  if (text.length <= MAX_TEXT_CHARS) return text;
  const head = text.slice(0, headEnd(text));
  const tail = text.slice(tailStart(text));
  return `${head}\n${tail}`;
}

function headEnd(text: string): number {
  for (let i = EXCERPT_HEAD_CHARS; i > EXCERPT_HEAD_CHARS - CUT_SLACK; i--) if (isSpace(text.charCodeAt(i))) return i;
  return isHighSurrogate(text.charCodeAt(EXCERPT_HEAD_CHARS - 1)) ? EXCERPT_HEAD_CHARS - 1 : EXCERPT_HEAD_CHARS;
}

function tailStart(text: string): number {
  const start = text.length - EXCERPT_TAIL_CHARS;
  for (let i = start - 1; i < start - 1 + CUT_SLACK; i++) if (isSpace(text.charCodeAt(i))) return i + 1;
  return isLowSurrogate(text.charCodeAt(start)) ? start + 1 : start;
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0xa0;
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
