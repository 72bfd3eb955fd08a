/**
 * Open-vocabulary features of a post, as weight-table keys: the words, hashtags, linked domains and
 * mentions it contains. The lexicon scorer only sees words someone listed; learning (a trained model,
 * a user's corrections) needs every word, so it starts here.
 */
import { normalizeTagKey, normalizeText } from './normalize';

export interface PostTokens {
  words: string[];
  tags: string[];
  domains: string[];
  mentions: string[];
}

/** Function words that say nothing about a context, in German and English. */
const STOP_WORDS = new Set(
  (
    'aber alle als also am an auch auf aus bei bin bis bist da dann das dass dem den der des die dies diese dieser doch ' +
    'dort du durch ein eine einem einen einer eines er es etwa fuer hat hatte ich ihr im in ist ja jetzt kann kein mal ' +
    'man mehr mich mir mit nach nicht noch nun nur ob oder ohne schon sehr sich sie sind so ueber um und uns unser vom ' +
    'von vor war was weil wenn wer wie wir wird wo zu zum zur ' +
    'about after all also and any are because been but can could did does for from had has have her his how into its ' +
    'just more not now off one only our out she should some than that the their them then there these they this was ' +
    'were what when where which who why will with would you your https http www'
  ).split(' '),
);

const HASHTAG = /[#＃]([\p{L}\p{N}_]{1,100})/gu;
const MENTION = /(?:^|[^\p{L}\p{N}_/])@([a-z0-9_]{1,64})(?:@([a-z0-9.-]{1,253}))?/giu;
const DOMAIN = /\b((?:[a-z0-9-]{1,63}\.)+[a-z]{2,24})(?=[/\s:?#)\]"'”,;!]|\.(?:\s|$)|$)/gi;
const MIN_WORD = 3;
const MAX_WORD = 40;
const MAX_TOKENS = 2_000;

/** Each feature once per post, in order of first appearance. */
export function tokenizePost(text: string): PostTokens {
  const raw = typeof text === 'string' ? text : '';
  const tags = unique([...raw.matchAll(HASHTAG)].map((m) => normalizeTagKey(m[1]!)));
  const mentions = unique([...raw.matchAll(MENTION)].map((m) => m[1]!.toLowerCase()));
  const domains = unique([...raw.matchAll(DOMAIN)].map((m) => m[1]!.toLowerCase().replace(/^www\./, '')));
  const words = unique(
    normalizeText(raw)
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= MIN_WORD && w.length <= MAX_WORD && !STOP_WORDS.has(w) && !/^\d+$/.test(w)),
  );
  return { words, tags, domains, mentions };
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))].slice(0, MAX_TOKENS);
}
