import { describe, expect, it } from 'vitest';
import { isAllowedFrom, isSiteRequest, parseRequest, parseSiteRequest } from '@/utils/messages';

describe('site requests', () => {
  it('accepts listing, enabling and disabling a bare http(s) origin, copying only known fields', () => {
    expect(parseSiteRequest({ type: 'hc:list-sites', extra: 1 })).toEqual({ type: 'hc:list-sites' });
    expect(parseSiteRequest({ type: 'hc:enable-site', origin: 'https://social.example', tabId: 3 })).toEqual({
      type: 'hc:enable-site',
      origin: 'https://social.example',
    });
    expect(parseSiteRequest({ type: 'hc:disable-site', origin: 'http://127.0.0.2' })).toEqual({ type: 'hc:disable-site', origin: 'http://127.0.0.2' });
  });

  it('drops anything that is not one site: patterns, paths, ports, other schemes, junk', () => {
    const origins: unknown[] = [
      undefined,
      42,
      '',
      'social.example',
      'https://social.example/',
      'https://social.example/*',
      'https://*/*',
      '<all_urls>',
      'https://social.example:8443',
      'https://me@social.example',
      'file:///etc',
      'javascript:alert(1)',
      `https://${'a'.repeat(300)}.example`,
    ];
    for (const origin of origins) {
      expect(parseSiteRequest({ type: 'hc:enable-site', origin })).toBeNull();
      expect(parseSiteRequest({ type: 'hc:disable-site', origin })).toBeNull();
    }
    for (const message of [null, 'hc:list-sites', { type: 'hc:enable-sites' }, { type: 'hc:classify', posts: [] }]) {
      expect(parseSiteRequest(message)).toBeNull();
    }
  });

  it('are not classification requests, and those are not site requests', () => {
    expect(parseRequest({ type: 'hc:list-sites' })).toBeNull();
    expect(parseRequest({ type: 'hc:enable-site', origin: 'https://social.example' })).toBeNull();
    expect(isSiteRequest({ type: 'hc:list-sites' })).toBe(true);
    expect(isSiteRequest({ type: 'hc:get-watched-tags' })).toBe(false);
  });

  it('come only from the extension’s own pages, never from a content script in a web page', () => {
    const extension = 'moz-extension://6c3f9c1e/';
    const requests = [
      { type: 'hc:list-sites' },
      { type: 'hc:enable-site', origin: 'https://social.example' },
      { type: 'hc:disable-site', origin: 'https://social.example' },
    ] as const;
    for (const request of requests) {
      expect(isAllowedFrom(request, `${extension}popup.html`, extension)).toBe(true);
      expect(isAllowedFrom(request, `${extension}options.html`, extension)).toBe(true);
      expect(isAllowedFrom(request, 'https://social.example/tags/Protokoll', extension)).toBe(false);
      expect(isAllowedFrom(request, 'https://mastodon.social/', extension)).toBe(false);
      expect(isAllowedFrom(request, undefined, extension)).toBe(false);
    }
  });
});

describe('what the reader is told', () => {
  it('has a message, in English and German, for every reason a site is refused or cannot be enabled', async () => {
    const { useLocale } = await import('./support/locale');
    const { siteErrorMessage, siteInputMessage } = await import('@/components/sites/site-actions');
    const { SITE_ERRORS } = await import('@/utils/messages');
    const inputErrors = ['empty', 'scheme', 'wildcard', 'path', 'port', 'credentials', 'host', 'builtIn'] as const;
    for (const locale of ['en', 'de'] as const) {
      useLocale(locale);
      const said = [
        ...inputErrors.map((error) => siteInputMessage(error, 'mastodon.social')),
        ...SITE_ERRORS.map((error) => siteErrorMessage(error, 'https://social.example')),
      ];
      for (const message of said) {
        expect(message).not.toMatch(/^site|^\s*$/); // t() falls back to the key when a message is missing
        expect(message).not.toContain('$');
      }
      expect(new Set(said).size).toBe(said.length);
      expect(siteErrorMessage('permission', 'https://social.example')).toContain('social.example');
      expect(siteInputMessage('builtIn', ' mastodon.social ')).toContain('mastodon.social');
    }
  });
});
