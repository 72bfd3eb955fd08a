import { describe, expect, it } from 'vitest';
import { foldForSearch, matchesQuery, queryWords, searchableText } from '@/components/options/correction-search';

const correction = { text: 'Wer schreibt das #Protokoll beim Plenum in der Hauptstraße? Müller fragt.', watchedTags: ['protokoll'] };

describe('searching corrections', () => {
  it('folds case, accents and ß', () => {
    expect(foldForSearch('Hauptstraße MÜLLER Café')).toBe('hauptstrasse muller cafe');
  });

  it('needs every word, in the text, the hashtags or the context name', () => {
    const match = (query: string, context = 'Civic recruiting') => matchesQuery(queryWords(query), searchableText(correction, context));
    expect(match('plenum muller')).toBe(true);
    expect(match('HAUPTSTRASSE')).toBe(true);
    expect(match('#protokoll')).toBe(true);
    expect(match('civic')).toBe(true);
    expect(match('plenum chatkontrolle')).toBe(false);
    expect(match('legislation')).toBe(false);
    expect(match('klima', 'Klima-Plenum')).toBe(true);
  });

  it('matches everything for an empty or blank query', () => {
    expect(queryWords('   ')).toEqual([]);
    expect(matchesQuery([], searchableText(correction, ''))).toBe(true);
  });

  it('treats regular-expression characters as text', () => {
    expect(matchesQuery(queryWords('(.*'), searchableText(correction, ''))).toBe(false);
    expect(matchesQuery(queryWords('(.*'), searchableText({ text: 'a (.* b', watchedTags: [] }, ''))).toBe(true);
  });
});
