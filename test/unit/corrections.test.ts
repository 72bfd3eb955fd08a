import { describe, expect, it } from 'vitest';
import { categoryProbabilities, classifyPost, compileWithLearnt, correctionWeights, DEFAULT_INVENTORY, TRAINED_WEIGHTS, tokenizePost } from '@/utils/classifier';
import type { CorrectionExample } from '@/utils/classifier';

const COUNCIL_MINUTES = [
  'Protokoll der Gemeinderatssitzung Musterstadt vom Dienstag: Bebauungsplan Lindenweg beschlossen, Haushalt vertagt. #Protokoll #Musterstadt',
  'Im #Protokoll der Gemeinderatssitzung Musterstadt: neuer Spielplatz am Lindenweg, Haushalt erneut vertagt. #Musterstadt',
  'Gemeinderat #Musterstadt, Protokoll online: Bebauungsplan Lindenweg, Spielplatz, Haushalt. #Protokoll',
];
const FOURTH = 'Das Protokoll der Gemeinderatssitzung in Musterstadt ist da: Lindenweg, Spielplatz und Haushalt. #Protokoll #Musterstadt';
const UNRELATED = 'Die EU-Staaten können sich im Rat nicht auf eine Position zur Chatkontrolle einigen. #Protokoll #Chatkontrolle';

const corrected = (texts: string[]): CorrectionExample[] =>
  texts.map((text) => ({ text, category: 'other', watchedTags: ['Protokoll'] }));
const classifyWith = (corrections: CorrectionExample[], text: string) =>
  classifyPost({ text, watchedTags: ['protokoll'] }, { model: compileWithLearnt(DEFAULT_INVENTORY, [correctionWeights(corrections)]) });

describe('learning from corrections', () => {
  it('starts from the model’s own reading', () => {
    expect(classifyPost({ text: FOURTH, watchedTags: ['protokoll'] }).category).toBe('legislation');
  });

  it('gives a fourth similar post the context the user chose three times', () => {
    expect(classifyWith(corrected(COUNCIL_MINUTES), FOURTH).category).toBe('other');
  });

  it('moves a similar post further with every correction', () => {
    const otherProbability = (n: number) =>
      categoryProbabilities(
        { text: FOURTH, watchedTags: ['protokoll'] },
        { model: compileWithLearnt(DEFAULT_INVENTORY, [correctionWeights(corrected(COUNCIL_MINUTES.slice(0, n)))]) },
      ).other;
    expect(otherProbability(0)).toBeLessThan(otherProbability(1));
    expect(otherProbability(1)).toBeLessThan(otherProbability(2));
    expect(otherProbability(2)).toBeLessThan(otherProbability(3));
  });

  it('works the same on top of the shipped trained weights (as the extension compiles it)', () => {
    const withTrained = (n: number, text: string) =>
      classifyPost(
        { text, watchedTags: ['protokoll'] },
        { model: compileWithLearnt(DEFAULT_INVENTORY, [TRAINED_WEIGHTS, correctionWeights(corrected(COUNCIL_MINUTES.slice(0, n)))]) },
      ).category;
    expect(withTrained(0, FOURTH)).toBe('legislation');
    expect(withTrained(1, FOURTH)).toBe('legislation');
    expect(withTrained(3, FOURTH)).toBe('other');
    expect(withTrained(3, UNRELATED)).toBe('legislation');
  });

  it('leaves unrelated posts alone', () => {
    expect(classifyWith(corrected(COUNCIL_MINUTES), UNRELATED).category).toBe('legislation');
  });

  it('learns nothing from the watched hashtag every post of the timeline carries', () => {
    const table = correctionWeights(corrected(COUNCIL_MINUTES));
    expect(table.tags?.protokoll).toBeUndefined();
    expect(table.words?.protokoll).toBeUndefined();
    expect(table.tags?.musterstadt?.other).toBeGreaterThan(0);
  });
});

describe('tokenizer', () => {
  it('folds words and finds hashtags, domains and mentions once each', () => {
    const tokens = tokenizePost('Die Verschlüsselung! #Matrix #matrix @heiseonline netzpolitik.org/2024/x und matrix.org. Die die');
    expect(tokens.words).toEqual(expect.arrayContaining(['verschluesselung', 'matrix', 'heiseonline', 'netzpolitik']));
    expect(tokens.words).not.toContain('die');
    expect(tokens.tags).toEqual(['matrix']);
    expect(tokens.mentions).toEqual(['heiseonline']);
    expect(tokens.domains).toEqual(['netzpolitik.org', 'matrix.org']);
  });

  it('stays bounded on huge input', () => {
    const huge = Array.from({ length: 50_000 }, (_, i) => `wort${i}`).join(' ');
    const started = performance.now();
    const tokens = tokenizePost(huge);
    expect(tokens.words.length).toBeLessThanOrEqual(2_000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
