import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MATCHES,
  isBuiltInOrigin,
  isSiteOrigin,
  parseSiteInput,
  patternCoversUrl,
  siteOfPattern,
  siteOfUrl,
  sitePattern,
  siteStatus,
} from '@/utils/sites';
import { MAX_ENABLED_SITES, sanitizeEnabledSites } from '@/utils/store/sites';

describe('parseSiteInput: what a reader may type into "Add a site"', () => {
  it.each([
    ['social.example', 'https://social.example'],
    ['  Social.Example  ', 'https://social.example'],
    ['https://social.example', 'https://social.example'],
    ['https://social.example/', 'https://social.example'],
    ['HTTP://Social.Example/', 'http://social.example'],
    ['http://127.0.0.2', 'http://127.0.0.2'],
    ['localhost', 'https://localhost'],
    ['bücher.example', 'https://xn--bcher-kva.example'],
    ['sub.domain.social.example', 'https://sub.domain.social.example'],
  ])('accepts %j as %s', (input, origin) => {
    expect(parseSiteInput(input)).toEqual({ ok: true, origin });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['ftp://social.example', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['chrome://extensions', 'scheme'],
    ['mailto:me@social.example', 'scheme'],
    ['*.social.example', 'wildcard'],
    ['https://*/*', 'wildcard'],
    ['https://social.example/*', 'wildcard'],
    ['<all_urls>', 'host'],
    ['social.example/@someone', 'path'],
    ['https://social.example/tags/Protokoll', 'path'],
    ['https://social.example/?q=1', 'path'],
    ['https://social.example/#top', 'path'],
    ['https://social.example?', 'path'],
    ['social.example:8443', 'port'],
    ['https://social.example:8443/', 'port'],
    ['https://me:secret@social.example', 'credentials'],
    ['me@social.example', 'credentials'],
    ['social example', 'host'],
    ['https://', 'host'],
    ['social..example', 'host'],
    ['-social.example', 'host'],
    ['social_example.org', 'host'],
    ['social.example.', 'host'],
    [`${'a'.repeat(64)}.example`, 'host'],
    ['mastodon.social', 'builtIn'],
    ['https://elk.zone/', 'builtIn'],
  ])('refuses %j (%s)', (input, error) => {
    expect(parseSiteInput(input)).toEqual({ ok: false, error });
  });

  it('is not fooled by http://mastodon.social: only the https site is built in', () => {
    expect(parseSiteInput('http://mastodon.social')).toEqual({ ok: true, origin: 'http://mastodon.social' });
    expect(isBuiltInOrigin('https://mastodon.social')).toBe(true);
    expect(isBuiltInOrigin('https://mastodon.social.evil.example')).toBe(false);
  });
});

describe('site origins, URLs and patterns', () => {
  it('takes the site of a web page, ignoring port, path and query; nothing for other pages', () => {
    expect(siteOfUrl('https://social.example:8443/@me/123?x=1#y')).toBe('https://social.example');
    expect(siteOfUrl('http://127.0.0.2:4173/tags/Protokoll')).toBe('http://127.0.0.2');
    for (const url of ['about:blank', 'chrome://extensions/', 'moz-extension://abc/popup.html', 'chrome-extension://abc/options.html', 'file:///tmp/a.html', 'not a url', undefined]) {
      expect(siteOfUrl(url)).toBeNull();
    }
  });

  it('accepts only bare origins as messages may carry them', () => {
    expect(isSiteOrigin('https://social.example')).toBe(true);
    expect(isSiteOrigin('http://[::1]')).toBe(true);
    for (const value of ['https://social.example/', 'https://social.example:1', 'https://a@social.example', 'ftp://social.example', 'https://*.example', 'social.example', 42, null, `https://${'a.'.repeat(200)}example`]) {
      expect(isSiteOrigin(value)).toBe(false);
    }
  });

  it('turns a site into the pattern for all its ports and paths, and back', () => {
    expect(sitePattern('https://social.example')).toBe('https://social.example/*');
    expect(siteOfPattern('https://social.example/*')).toBe('https://social.example');
    for (const pattern of ['https://*/*', 'http://*/*', '<all_urls>', '*://social.example/*', 'https://social.example/path/*', 'https://*.example/*']) {
      expect(siteOfPattern(pattern)).toBeNull();
    }
  });

  it('matches the manifest patterns against page URLs as the browser does for these shapes', () => {
    expect(patternCoversUrl('https://mastodon.social/*', 'https://mastodon.social/tags/Protokoll')).toBe(true);
    expect(patternCoversUrl('http://127.0.0.1/*', 'http://127.0.0.1:4173/tags/Protokoll')).toBe(true);
    expect(patternCoversUrl('https://mastodon.social/*', 'http://mastodon.social/')).toBe(false);
    expect(patternCoversUrl('https://mastodon.social/*', 'https://mastodon.social.evil.example/')).toBe(false);
    expect(patternCoversUrl('https://*.example/*', 'https://a.b.example/')).toBe(true);
    expect(patternCoversUrl('https://*.example/*', 'https://example/')).toBe(true);
    expect(patternCoversUrl('*://social.example/*', 'http://social.example/')).toBe(true);
    expect(patternCoversUrl('https://mastodon.social/*', 'about:blank')).toBe(false);
    for (const pattern of DEFAULT_MATCHES) expect(isBuiltInOrigin(siteOfPattern(pattern)!)).toBe(true);
  });
});

describe('sanitizeEnabledSites', () => {
  it('keeps well-formed, not built-in sites once each, in order', () => {
    expect(
      sanitizeEnabledSites(['https://b.example', 'https://a.example', 'https://b.example', 'https://mastodon.social', 'https://x.example/', 7, 'ftp://y.example']),
    ).toEqual(['https://b.example', 'https://a.example']);
  });

  it('survives junk and caps the number of sites', () => {
    expect(sanitizeEnabledSites(undefined)).toEqual([]);
    expect(sanitizeEnabledSites({ 0: 'https://a.example' })).toEqual([]);
    const many = Array.from({ length: MAX_ENABLED_SITES + 5 }, (_, i) => `https://s${i}.example`);
    expect(sanitizeEnabledSites(many)).toHaveLength(MAX_ENABLED_SITES);
  });
});

describe('siteStatus: what the popup says about the current tab', () => {
  const staticMatches = [...DEFAULT_MATCHES, 'http://127.0.0.1/*'];
  it('tells built-in, enabled, available and unavailable pages apart', () => {
    expect(siteStatus('https://mastodon.social/home', staticMatches, [])).toEqual({ kind: 'builtIn', origin: 'https://mastodon.social' });
    expect(siteStatus('http://127.0.0.1:4173/tags/Protokoll', staticMatches, [])).toEqual({ kind: 'builtIn', origin: 'http://127.0.0.1' });
    expect(siteStatus('https://social.example/@me', staticMatches, ['https://social.example'])).toEqual({ kind: 'enabled', origin: 'https://social.example' });
    expect(siteStatus('https://social.example/@me', staticMatches, ['http://social.example'])).toEqual({ kind: 'available', origin: 'https://social.example' });
    expect(siteStatus('http://127.0.0.2:4173/', staticMatches, [])).toEqual({ kind: 'available', origin: 'http://127.0.0.2' });
    for (const url of ['about:newtab', 'chrome://extensions/', 'moz-extension://x/popup.html', 'file:///home/a.html', undefined]) {
      expect(siteStatus(url, staticMatches, [])).toEqual({ kind: 'unavailable' });
    }
  });
});
