import { browser } from 'wxt/browser';
import { PAGE_STATS_REQUEST, parsePageStats, type PageStatsResponse } from '@/utils/content/page-stats';

/**
 * Asks the content script of the active tab in this window what it found. Needs no permission:
 * `tabs.query` gives the tab's id without `tabs`, and `tabs.sendMessage` reaches our own content
 * script. Null when nothing answers: the extension is not active on that page.
 */
export async function askActiveTab(): Promise<PageStatsResponse | null> {
  try {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return null;
    return parsePageStats(await browser.tabs.sendMessage(tab.id, { type: PAGE_STATS_REQUEST }));
  } catch {
    return null; // "Could not establish connection. Receiving end does not exist."
  }
}
