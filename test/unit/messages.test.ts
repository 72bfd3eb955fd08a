import { describe, expect, it } from 'vitest';
import { LIMITS, parseRequest } from '@/utils/messages';

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

  it('copies only known fields, so extra payload never travels on', () => {
    const parsed = parseRequest({ type: 'hc:classify', posts: [{ ...post, html: '<script>' }], extra: 1 });
    expect(parsed).toEqual({ type: 'hc:classify', posts: [post] });
  });
});
