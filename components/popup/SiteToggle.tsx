import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { disableSite, hostOf, requestAndEnableSite, siteErrorMessage } from '@/components/sites/site-actions';
import { t } from '@/utils/i18n';
import { siteStatus, type SiteStatus } from '@/utils/sites';
import { enabledSitesItem, sanitizeEnabledSites } from '@/utils/store/sites';
import './site-toggle.css';

type TabSite = { kind: 'loading' } | SiteStatus;

/** What the extension does on the current tab's site. `activeTab` lets the opened popup read the tab's address. */
async function currentTabSite(): Promise<SiteStatus> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true }).catch(() => []);
  const staticMatches = (browser.runtime.getManifest().content_scripts ?? []).flatMap((script) => script.matches ?? []);
  const enabled = sanitizeEnabledSites(await enabledSitesItem.getValue().catch(() => []));
  return siteStatus(tab?.url, staticMatches, enabled);
}

/**
 * The popup's "Enable / Disable on this site": the current tab's status and the one button that
 * changes it. Enabling asks the browser for access to this site only, from the click itself.
 */
export function SiteToggle() {
  const [site, setSite] = useState<TabSite>({ kind: 'loading' });
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let stopped = false;
    const refresh = () => void currentTabSite().then((next) => !stopped && setSite(next));
    refresh();
    const onUpdated = (_id: number, change: { url?: string; status?: string }) => (change.url || change.status === 'complete') && refresh();
    browser.tabs.onActivated.addListener(refresh);
    browser.tabs.onUpdated.addListener(onUpdated);
    const unwatch = enabledSitesItem.watch(refresh);
    return () => {
      stopped = true;
      browser.tabs.onActivated.removeListener(refresh);
      browser.tabs.onUpdated.removeListener(onUpdated);
      unwatch();
    };
  }, []);

  if (site.kind === 'loading') return <section class="site" aria-busy="true" data-testid="site-toggle" />;
  if (site.kind === 'unavailable') {
    return (
      <section class="site" data-testid="site-toggle" data-state="unavailable">
        <p class="site__status">{t('popupSiteUnavailable')}</p>
        <p class="site__hint">{t('popupSiteUnavailableHint')}</p>
      </section>
    );
  }
  const host = hostOf(site.origin);

  const enable = () => {
    setBusy(true);
    setStatus('');
    // First thing in the click handler: the permission prompt needs the click's user gesture.
    void requestAndEnableSite(site.origin).then((response) => {
      setBusy(false);
      setStatus(response.ok ? t('siteEnabledNow', host) : siteErrorMessage(response.error, site.origin));
    });
  };
  const disable = () => {
    setBusy(true);
    setStatus('');
    void disableSite(site.origin).then((response) => {
      setBusy(false);
      setStatus(response.ok ? t('siteDisabledNow', host) : siteErrorMessage(response.error, site.origin));
    });
  };

  return (
    <section class="site" data-testid="site-toggle" data-state={site.kind}>
      {site.kind === 'builtIn' && (
        <>
          <p class="site__status">{t('popupSiteBuiltIn')}</p>
          <p class="site__hint">{t('popupSiteBuiltInHint', host)}</p>
        </>
      )}
      {site.kind === 'enabled' && (
        <>
          <p class="site__status">{t('popupSiteEnabled', host)}</p>
          <button type="button" class="site__button" disabled={busy} onClick={disable} data-testid="site-disable">
            {t('siteDisable')}
          </button>
        </>
      )}
      {site.kind === 'available' && (
        <>
          <p class="site__status">{t('popupSiteAvailable', host)}</p>
          <p class="site__hint">{t('popupSiteAvailableHint')}</p>
          <button type="button" class="site__button site__button--primary" disabled={busy} onClick={enable} data-testid="site-enable">
            {t('siteEnable')}
          </button>
        </>
      )}
      <p class="site__result" role="status" aria-live="polite" data-testid="site-status">
        {status}
      </p>
    </section>
  );
}
