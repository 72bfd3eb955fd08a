import { browser } from 'wxt/browser';
import { t } from '../i18n';
import type { ToolbarCountRequest } from '../messages';

/** A badge fits about four characters. */
const MOST_SHOWN = 999;
/** Neutral, not one of the contexts' colours: the number counts posts of every context. White text on it: contrast 10.7:1. */
const BADGE_COLOR = '#3d3d4a';

/** What the icon's badge says: the count, nothing for none or when the reader turned it off. */
export function badgeText({ count, shown }: Pick<ToolbarCountRequest, 'count' | 'shown'>): string {
  if (!shown || count === 0) return '';
  return count > MOST_SHOWN ? `${MOST_SHOWN}+` : String(count);
}

/** The icon's title (its tooltip, and its name to a screen reader) on a page the extension runs on. */
export function iconTitle(count: number): string {
  return count === 0 ? t('toolbarTitleNone') : t('toolbarTitleCount', String(count));
}

type ActionApi = Partial<Pick<typeof browser.action, 'setBadgeText' | 'setBadgeBackgroundColor' | 'setTitle'>>;

/** Calls an action method the browser may lack (Firefox for Android has no badge): never throws, never rejects. */
async function attempt(call: () => Promise<void> | undefined): Promise<void> {
  try {
    await call();
  } catch {
    // No such method, or the tab closed meanwhile: nothing to show then.
  }
}

/**
 * The toolbar icon of each tab the content script runs in: how many posts it sorted on the page (badge
 * and title). Tab-specific, so the browser resets both when the tab loads another page. Chrome's `action`,
 * Firefox's MV2 `browserAction`; what a browser lacks of them is left alone.
 */
export function createToolbarCount(action: ActionApi | undefined = browser.action ?? (browser as unknown as { browserAction?: ActionApi }).browserAction) {
  void attempt(() => action?.setBadgeBackgroundColor?.({ color: BADGE_COLOR }));
  return {
    async show(tabId: number | undefined, request: ToolbarCountRequest): Promise<void> {
      if (!action || tabId === undefined || tabId < 0) return;
      await Promise.all([
        attempt(() => action.setBadgeText?.({ tabId, text: badgeText(request) })),
        attempt(() => action.setTitle?.({ tabId, title: iconTitle(request.count) })),
      ]);
    },
  };
}
