// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createVisibilityStyle, visibilityCss } from '@/utils/content/visibility-style';
import { DEFAULT_VISIBILITY, sanitizeVisibility } from '@/utils/store/settings';

describe('visibility of contexts in the page', () => {
  it('writes no rule while every context is shown', () => {
    expect(visibilityCss(DEFAULT_VISIBILITY).trim()).toBe('');
  });

  it('hides and dims posts by their data-hc-category', () => {
    const css = visibilityCss({ ...DEFAULT_VISIBILITY, legislation: 'hide', other: 'dim' });
    expect(css).toContain('[data-hc-category="legislation"]{display:none!important}');
    expect(css).toContain('[data-hc-category="other"]{opacity:.35');
    expect(css).not.toContain('network_protocol');
  });

  it('applies to the page at once and can be removed', () => {
    document.body.innerHTML = '<article data-hc-category="legislation">x</article>';
    const style = createVisibilityStyle(document);
    style.apply({ ...DEFAULT_VISIBILITY, legislation: 'hide' });
    expect(getComputedStyle(document.querySelector('article')!).display).toBe('none');
    style.apply(DEFAULT_VISIBILITY);
    expect(getComputedStyle(document.querySelector('article')!).display).not.toBe('none');
    style.remove();
    expect(document.querySelectorAll('style')).toHaveLength(0);
  });

  it('repairs damaged stored settings instead of failing', () => {
    expect(sanitizeVisibility(null)).toEqual(DEFAULT_VISIBILITY);
    expect(sanitizeVisibility({ legislation: 'hide', other: 'explode', extra: 'dim' })).toEqual({
      ...DEFAULT_VISIBILITY,
      legislation: 'hide',
    });
  });
});
