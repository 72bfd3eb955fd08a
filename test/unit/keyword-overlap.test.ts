import { describe, expect, it } from 'vitest';
import { keywordCoveringWatchedTag } from '@/components/options/keyword-overlap';

const watched = ['Protokoll', 'ChatControl', 'Verschlüsselung', 'klimaplenum'];

describe('keywords that would take every post of a watched hashtag', () => {
  it('finds the hashtag itself, in any case, spacing or umlaut spelling', () => {
    expect(keywordCoveringWatchedTag(['Plenum', 'protokoll'], watched)).toEqual({ keyword: 'protokoll', tag: 'Protokoll' });
    expect(keywordCoveringWatchedTag(['Chat Control'], watched)).toEqual({ keyword: 'Chat Control', tag: 'ChatControl' });
    expect(keywordCoveringWatchedTag(['Klima Plenum'], watched)).toEqual({ keyword: 'Klima Plenum', tag: 'klimaplenum' });
    expect(keywordCoveringWatchedTag(['VERSCHLÜSSELUNG'], watched)).toEqual({ keyword: 'VERSCHLÜSSELUNG', tag: 'Verschlüsselung' });
  });

  it('finds a prefix keyword that starts a watched hashtag', () => {
    expect(keywordCoveringWatchedTag(['Proto*'], watched)).toEqual({ keyword: 'Proto*', tag: 'Protokoll' });
  });

  it('lets words pass that only share part of a hashtag', () => {
    expect(keywordCoveringWatchedTag(['Plenum', 'Protokollant*', 'Chat', 'Kontrolle'], watched)).toBeNull();
    expect(keywordCoveringWatchedTag(['Protokollführung'], watched)).toBeNull();
    expect(keywordCoveringWatchedTag([], watched)).toBeNull();
  });
});
