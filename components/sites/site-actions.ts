import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { SITE_ERRORS, type SiteError, type SiteRequest, type SiteResponse } from '@/utils/messages';
import { isSiteOrigin, sitePattern, type SiteInputError } from '@/utils/sites';

/** The host name of a site origin, as the reader knows it (`https://social.example` → `social.example`). */
export function hostOf(origin: string): string {
  return new URL(origin).hostname;
}

/** The background's answer, checked: the enabled sites, and what went wrong if anything did. */
function readResponse(value: unknown): SiteResponse {
  const response = value as Partial<Record<'ok' | 'error' | 'sites', unknown>> | undefined;
  const sites = Array.isArray(response?.sites) ? response.sites.filter(isSiteOrigin) : [];
  if (response?.ok === true) return { ok: true, sites };
  const error = (SITE_ERRORS as readonly unknown[]).includes(response?.error) ? (response!.error as SiteError) : 'failed';
  return { ok: false, error, sites };
}

async function send(request: SiteRequest): Promise<SiteResponse> {
  try {
    return readResponse(await browser.runtime.sendMessage(request));
  } catch {
    return { ok: false, error: 'failed', sites: [] };
  }
}

/**
 * Asks the reader's browser for access to one site, then the background to run there. Call it
 * straight from a click or submit handler, before any `await`: `permissions.request` needs the
 * user gesture, which an awaited promise would lose.
 */
export function requestAndEnableSite(origin: string): Promise<SiteResponse> {
  let asked: Promise<boolean>;
  try {
    asked = browser.permissions.request({ origins: [sitePattern(origin)] });
  } catch {
    asked = Promise.resolve(false);
  }
  return asked.then(
    (granted) => (granted ? send({ type: 'hc:enable-site', origin }) : { ok: false as const, error: 'permission' as const, sites: [] }),
    () => ({ ok: false as const, error: 'permission' as const, sites: [] }),
  );
}

/** Unregisters the site's content script and gives its permission back (the background does both). */
export function disableSite(origin: string): Promise<SiteResponse> {
  return send({ type: 'hc:disable-site', origin });
}

export function listSites(): Promise<SiteResponse> {
  return send({ type: 'hc:list-sites' });
}

export function siteErrorMessage(error: SiteError, origin: string): string {
  const host = hostOf(origin);
  switch (error) {
    case 'permission':
      return t('siteErrorPermission', host);
    case 'builtIn':
      return t('siteErrorBuiltIn', host);
    case 'tooMany':
      return t('siteErrorTooMany');
    case 'failed':
      return t('siteErrorFailed', host);
  }
}

export function siteInputMessage(error: SiteInputError, input: string): string {
  return error === 'builtIn' ? t('siteErrorBuiltIn', input.trim()) : t(`siteInput_${error}`);
}
