import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { serveClassifyPort, type ServedPort } from '@/utils/background/classify-port';
import { createClassificationService } from '@/utils/background/classification-service';
import { createSiteRegistry } from '@/utils/background/site-registry';
import { createToolbarCount } from '@/utils/background/toolbar-count';
import {
  isAllowedFrom,
  isSiteRequest,
  parseRequest,
  parseSiteRequest,
  type ClassifyResponse,
  type SiteRequest,
} from '@/utils/messages';
import { openStorage } from '@/utils/store';

export default defineBackground(() => {
  const service = createClassificationService(openStorage());
  const sites = createSiteRegistry();
  const toolbar = createToolbarCount();

  browser.runtime.onMessage.addListener((message, sender) => {
    // Only this extension's own scripts may ask; anything malformed is dropped unanswered.
    if (sender.id !== browser.runtime.id) return undefined;
    const request = parseRequest(message) ?? parseSiteRequest(message);
    if (!request || !isAllowedFrom(request, sender.url, browser.runtime.getURL('/'))) return undefined;
    return isSiteRequest(request) ? handleSite(request) : service.handle(request);
  });

  // Content scripts send their classify batches and their page's count on a long-lived port (cheaper for the
  // page than a message each).
  browser.runtime.onConnect.addListener((port) =>
    serveClassifyPort(
      port as unknown as ServedPort,
      browser.runtime.id,
      (request) => service.handle(request) as Promise<ClassifyResponse>,
      (tabId, count) => toolbar.show(tabId, count),
    ),
  );

  function handleSite(request: SiteRequest) {
    switch (request.type) {
      case 'hc:list-sites':
        return sites.list();
      case 'hc:enable-site':
        return sites.enable(request.origin);
      case 'hc:disable-site':
        return sites.disable(request.origin);
    }
  }

  // Enabled sites: re-register their content scripts wherever the browser dropped them, forget those
  // whose permission is gone. At every start of the background (browser start, install, update, the
  // extension re-enabled), not only on runtime.onStartup/onInstalled, which miss the last case.
  void sites.reconcile();
  // Open Mastodon tabs work at once after an install or update, without a reload.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install' || reason === 'update') void sites.startInOpenTabs();
  });
  browser.permissions.onRemoved.addListener(() => void sites.reconcile());
  browser.permissions.onAdded.addListener((permissions) => void sites.permissionsAdded(permissions.origins ?? []));
});
