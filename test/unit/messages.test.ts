import { describe, expect, it } from 'vitest';
import { isAllowedFrom, LIMITS, parseRequest } from '@/utils/messages';

const post = { key: '1:abc', text: 'Das #Protokoll', watchedTags: ['protokoll'] };

describe('message validation', () => {
  it('accepts the two requests of the protocol', () => {
    expect(parseRequest({ type: 'hc:get-watched-tags' })).toEqual({ type: 'hc:get-watched-tags' });
    expect(parseRequest({ type: 'hc:classify', posts: [post] })).toEqual({ type: 'hc:classify', posts: [post] });
  });

  it('drops foreign, malformed and oversized messages', () => {
    const rejected: unknown[] = [
      null,
      'hc:classify',
      { type: 'other' },
      { type: 'hc:classify' },
      { type: 'hc:classify', posts: [] },
      { type: 'hc:classify', posts: [{ ...post, key: '' }] },
      { type: 'hc:classify', posts: [{ ...post, text: 42 }] },
      { type: 'hc:classify', posts: [{ ...post, text: 'x'.repeat(LIMITS.textLength + 1) }] },
      { type: 'hc:classify', posts: [{ ...post, watchedTags: 'protokoll' }] },
      { type: 'hc:classify', posts: Array.from({ length: LIMITS.postsPerBatch + 1 }, () => post) },
    ];
    for (const message of rejected) expect(parseRequest(message)).toBeNull();
  });

  it('classifies the rest of a batch when one post breaks a limit', () => {
    const tooManyTags = { ...post, key: '2:def', watchedTags: Array.from({ length: LIMITS.tagsPerPost + 1 }, (_, i) => `tag${i}`) };
    const longKey = { ...post, key: 'x'.repeat(LIMITS.keyLength + 1) };
    const fine = { ...post, key: '3:ghi' };
    expect(parseRequest({ type: 'hc:classify', posts: [post, tooManyTags, longKey, fine] })).toEqual({ type: 'hc:classify', posts: [post, fine] });
  });

  it('copies only known fields, so extra payload never travels on', () => {
    const parsed = parseRequest({ type: 'hc:classify', posts: [{ ...post, html: '<script>' }], extra: 1 });
    expect(parsed).toEqual({ type: 'hc:classify', posts: [post] });
  });
});

describe('who may ask what', () => {
  const origin = 'chrome-extension://abc/';
  it('lets content scripts classify and correct, but not list or erase stored data', () => {
    const page = 'https://mastodon.social/tags/Protokoll';
    expect(isAllowedFrom({ type: 'hc:classify', posts: [post] }, page, origin)).toBe(true);
    expect(isAllowedFrom({ type: 'hc:correct', post, category: 'other' }, page, origin)).toBe(true);
    for (const type of ['hc:list-corrections', 'hc:clear-corrections', 'hc:clear-cache'] as const) {
      expect(isAllowedFrom({ type }, page, origin)).toBe(false);
      expect(isAllowedFrom({ type }, undefined, origin)).toBe(false);
      expect(isAllowedFrom({ type }, `${origin}options.html`, origin)).toBe(true);
    }
  });
});
