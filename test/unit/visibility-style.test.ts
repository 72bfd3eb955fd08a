// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { createPostVisibility } from '@/utils/content/visibility-style';
import {
  DEFAULT_VISIBILITY,
  effectiveVisibility,
  MAX_TAGS_WITH_OWN_VISIBILITY,
  sanitizeTagVisibility,
  sanitizeVisibility,
} from '@/utils/store/settings';

const article = (category: string) => {
  const element = document.createElement('article');
  element.setAttribute('data-hc-category', category);
  document.body.append(element);
  return element;
};

describe('visibility of contexts in the page', () => {
  beforeEach(() => {
    document.head.innerHTML = '';
    document.body.innerHTML = '';
  });

  it('leaves shown posts without a mark and hides or dims the others', () => {
    const visibility = createPostVisibility(document);
    const law = article('legislation');
    const other = article('other');
    visibility.mark(law, 'legislation', ['protokoll']);
    visibility.mark(other, 'other', ['protokoll']);
    expect(law.hasAttribute('data-hc-visibility')).toBe(false);

    visibility.apply({ all: { ...DEFAULT_VISIBILITY, legislation: 'hide', other: 'dim' }, byTag: {} });
    expect(law.getAttribute('data-hc-visibility')).toBe('hide');
    expect(getComputedStyle(law).display).toBe('none');
    expect(other.getAttribute('data-hc-visibility')).toBe('dim');

    visibility.apply({ all: DEFAULT_VISIBILITY, byTag: {} });
    expect(law.hasAttribute('data-hc-visibility')).toBe(false);
    expect(getComputedStyle(law).display).not.toBe('none');
  });

  it('applies a hashtag’s own choice only to posts carrying that hashtag', () => {
    const visibility = createPostVisibility(document);
    const underProtokoll = article('legislation');
    const underMatrix = article('legislation');
    visibility.mark(underProtokoll, 'legislation', ['protokoll']);
    visibility.mark(underMatrix, 'legislation', ['matrix']);
    visibility.apply({ all: DEFAULT_VISIBILITY, byTag: { protokoll: { legislation: 'hide' } } });
    expect(underProtokoll.getAttribute('data-hc-visibility')).toBe('hide');
    expect(underMatrix.hasAttribute('data-hc-visibility')).toBe(false);
  });

  it('takes everything out of the page when removed', () => {
    const visibility = createPostVisibility(document);
    const law = article('legislation');
    visibility.mark(law, 'legislation', []);
    visibility.apply({ all: { ...DEFAULT_VISIBILITY, legislation: 'dim' }, byTag: {} });
    visibility.remove();
    expect(document.querySelectorAll('style')).toHaveLength(0);
    expect(law.hasAttribute('data-hc-visibility')).toBe(false);
  });

  it('follows a hashtag’s own choice over the one for all hashtags, and the most visible own choice when they disagree', () => {
    const all = { ...DEFAULT_VISIBILITY, legislation: 'hide' as const };
    const byTag = { protokoll: { legislation: 'dim' as const, other: 'hide' as const }, chatkontrolle: { legislation: 'show' as const } };
    expect(effectiveVisibility(all, byTag, 'legislation', ['matrix'])).toBe('hide');
    expect(effectiveVisibility(all, byTag, 'legislation', ['protokoll', 'matrix'])).toBe('dim');
    expect(effectiveVisibility(all, byTag, 'other', ['protokoll', 'matrix'])).toBe('hide');
    expect(effectiveVisibility(all, byTag, 'legislation', ['protokoll', 'chatkontrolle'])).toBe('show');
    expect(effectiveVisibility(all, byTag, 'network_protocol', ['protokoll'])).toBe('show');
    expect(effectiveVisibility(all, byTag, 'legislation', [])).toBe('hide');
    expect(effectiveVisibility(all, byTag, 'legislation', ['constructor', '__proto__'])).toBe('hide');
  });

  it('repairs damaged stored settings instead of failing', () => {
    expect(sanitizeVisibility(null)).toEqual(DEFAULT_VISIBILITY);
    expect(sanitizeVisibility({ legislation: 'hide', other: 'explode', extra: 'dim' })).toEqual({
      ...DEFAULT_VISIBILITY,
      legislation: 'hide',
    });
    expect(sanitizeTagVisibility('nope')).toEqual({});
    expect(
      sanitizeTagVisibility({
        '#Protokoll': { legislation: 'hide', other: 'explode', extra: 'dim' },
        'not a tag': { legislation: 'hide' },
        matrix: {},
        signal: null,
      }),
    ).toEqual({ protokoll: { legislation: 'hide' } });
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`tag${i}`, { other: 'dim' }]));
    expect(Object.keys(sanitizeTagVisibility(many))).toHaveLength(MAX_TAGS_WITH_OWN_VISIBILITY);
  });
});
