import { browser } from 'wxt/browser';
import { PAGE_STATS_REQUEST } from '../content/page-stats';
import type { SiteError, SiteResponse } from '../messages';
import { isBuiltInOrigin, patternCoversUrl, siteOfPattern, siteOfUrl, sitePattern } from '../sites';
import { enabledSitesItem, MAX_ENABLED_SITES, readEnabledSites, sanitizeEnabledSites } from '../store/sites';

/** Ids of the content scripts registered for enabled sites; nothing else the extension registers starts so. */
export const SITE_SCRIPT_PREFIX = 'hc-site:';
export const siteScriptId = (origin: string) => `${SITE_SCRIPT_PREFIX}${origin}`;

/** The built content script's files, as the manifest's static entry lists them (fallback: WXT's name for it). */
const FALLBACK_SCRIPT = { js: ['content-scripts/mastodon.js'], css: [] as string[] };

function contentScriptFiles(): { js: string[]; css: string[] } {
  try {
    const [declared] = browser.runtime.getManifest().content_scripts ?? [];
    // Firefox answers with full moz-extension:// URLs, which registerContentScripts refuses: it wants paths.
    const base = browser.runtime.getURL('/');
    const relative = (file: string) => (file.startsWith(base) ? file.slice(base.length) : file.replace(/^\//, ''));
    if (declared?.js?.length) return { js: declared.js.map(relative), css: (declared.css ?? []).map(relative) };
  } catch {
    // not in a real extension (unit tests): the fallback names the same file
  }
  return FALLBACK_SCRIPT;
}

/** Where the static content script runs: the built-in sites, as the manifest declares them. */
function staticMatches(): string[] {
  try {
    return (browser.runtime.getManifest().content_scripts ?? []).flatMap((script) => script.matches ?? []);
  } catch {
    return [];
  }
}

/** WXT types `files` as the extension's known public paths; these come from the manifest itself. */
type ScriptFiles = NonNullable<Parameters<typeof browser.scripting.executeScript>[0]['files']>;

const warn = (what: string) => (error: unknown) => console.warn(`[Hashtag Context] ${what}:`, error);

/**
 * Sites the reader enabled beyond the built-in ones. For each: the host permission (asked for by the
 * popup or the options page, which have the click), a content script registered with
 * `scripting.registerContentScripts` running the same file as the static one, and an entry in
 * `local:enabledSites`. `reconcile` makes the three agree again: after a browser start, an update,
 * or the reader revoking a permission in the browser's own settings. All changes run one at a time.
 */
export function createSiteRegistry() {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  /** The browser's answer for the site's host permission; undefined when it could not answer. */
  const permissionOf = (origin: string): Promise<boolean | undefined> =>
    browser.permissions.contains({ origins: [sitePattern(origin)] }).then(Boolean, () => undefined);
  const hasPermission = async (origin: string) => (await permissionOf(origin)) === true;

  async function registeredSiteIds(): Promise<Set<string>> {
    const scripts = await browser.scripting.getRegisteredContentScripts();
    return new Set(scripts.map((script) => script.id).filter((id) => id.startsWith(SITE_SCRIPT_PREFIX)));
  }

  async function register(origins: string[]): Promise<void> {
    if (origins.length === 0) return;
    const { js, css } = contentScriptFiles();
    await browser.scripting.registerContentScripts(
      origins.map((origin) => ({
        id: siteScriptId(origin),
        matches: [sitePattern(origin)],
        js,
        ...(css.length > 0 ? { css } : {}),
        runAt: 'document_idle' as const,
        allFrames: false,
        persistAcrossSessions: true,
      })),
    );
  }

  async function unregister(ids: string[]): Promise<void> {
    if (ids.length > 0) await browser.scripting.unregisterContentScripts({ ids });
  }

  /** Starts the content script in the open tabs whose address `wanted` accepts, where it is not running yet. */
  async function startInTabs(wanted: (url: string) => boolean): Promise<void> {
    const tabs = await browser.tabs.query({}).catch(() => []);
    const { js } = contentScriptFiles();
    for (const tab of tabs) {
      if (tab.id === undefined || !tab.url || !wanted(tab.url)) continue;
      const running = await browser.tabs.sendMessage(tab.id, { type: PAGE_STATS_REQUEST }).then(Boolean, () => false);
      if (running) continue;
      await browser.scripting.executeScript({ target: { tabId: tab.id }, files: js as ScriptFiles }).catch(warn(`could not start in tab ${tab.id}`));
    }
  }

  /** Starts the content script in open tabs of the site where it is not running yet, so enabling works without a reload. */
  const injectIntoOpenTabs = (origin: string) => startInTabs((url) => siteOfUrl(url) === origin);

  /**
   * After an install or an update: Chrome starts content scripts only in pages loaded afterwards (and an
   * update stops the old ones), so the open tabs of built-in and enabled sites get the script now instead
   * of waiting for a reload. Firefox starts them itself; those answer the ping and are left alone.
   */
  async function startInOpenTabs(): Promise<void> {
    const enabled = await readEnabledSites().catch(() => [] as string[]);
    const patterns = [...staticMatches(), ...enabled.map(sitePattern)];
    await startInTabs((url) => patterns.some((pattern) => patternCoversUrl(pattern, url)));
  }

  const answer = async (error?: SiteError): Promise<SiteResponse> => {
    const sites = await readEnabledSites();
    return error ? { ok: false, error, sites } : { ok: true, sites };
  };

  async function enable(origin: string): Promise<SiteResponse> {
    if (isBuiltInOrigin(origin)) return answer('builtIn');
    if (!(await hasPermission(origin))) return answer('permission');
    const sites = await readEnabledSites();
    if (!sites.includes(origin) && sites.length >= MAX_ENABLED_SITES) return answer('tooMany');
    try {
      if (!(await registeredSiteIds()).has(siteScriptId(origin))) await register([origin]);
    } catch (error) {
      warn(`could not register the content script for ${origin}`)(error);
      return answer('failed');
    }
    if (!sites.includes(origin)) {
      await enabledSitesItem.setValue([...sites, origin]);
      await injectIntoOpenTabs(origin);
    }
    return answer();
  }

  async function disable(origin: string): Promise<SiteResponse> {
    const sites = await readEnabledSites();
    await enabledSitesItem.setValue(sites.filter((site) => site !== origin));
    const id = siteScriptId(origin);
    await registeredSiteIds()
      .then((ids) => unregister(ids.has(id) ? [id] : []))
      .catch(warn(`could not unregister the content script for ${origin}`));
    // Fails for a permission the manifest requires (test builds) or one already gone: the site is disabled all the same.
    await browser.permissions.remove({ origins: [sitePattern(origin)] }).catch(warn(`could not release the permission for ${origin}`));
    return answer();
  }

  /**
   * Keeps the sites that still have their permission, registers their scripts where missing,
   * unregisters scripts of sites no longer enabled, and forgets sites whose permission is gone.
   * Only a clear answer changes anything: when storage or the permissions API fails (a browser still
   * starting up), the sites and their scripts stay as they are, so nothing the reader enabled is lost.
   */
  async function reconcile(): Promise<string[]> {
    let raw: unknown;
    try {
      raw = await enabledSitesItem.getValue();
    } catch (error) {
      warn('could not read the enabled sites')(error);
      return [];
    }
    const kept: string[] = [];
    const granted: string[] = [];
    for (const origin of sanitizeEnabledSites(raw)) {
      const permission = await permissionOf(origin);
      if (permission === false) continue;
      kept.push(origin);
      if (permission) granted.push(origin);
    }
    // Also rewrites a damaged stored value as the clean list.
    if (JSON.stringify(raw) !== JSON.stringify(kept)) await enabledSitesItem.setValue(kept);
    let ids: Set<string>;
    try {
      ids = await registeredSiteIds();
    } catch (error) {
      warn('could not list registered content scripts')(error);
      return kept;
    }
    const wanted = new Set(kept.map(siteScriptId));
    await unregister([...ids].filter((id) => !wanted.has(id))).catch(warn('could not unregister content scripts'));
    const missing = granted.filter((origin) => !ids.has(siteScriptId(origin)));
    let registeredNow = missing;
    // One by one after a failed batch: one bad registration must not keep the others from running.
    await register(missing).catch(async () => {
      registeredNow = [];
      for (const origin of missing) {
        await register([origin]).then(() => registeredNow.push(origin), warn(`could not register the content script for ${origin}`));
      }
    });
    // Tabs of these sites loaded while no script was registered for them (a browser that does not keep the
    // registration restores its tabs before this background is up): they get the script now, not on a reload.
    if (registeredNow.length > 0) await startInTabs((url) => registeredNow.includes(siteOfUrl(url) ?? ''));
    return kept;
  }

  /** The reader granted host access outside the popup (e.g. the browser's site-access menu): single sites become enabled ones. */
  async function permissionsAdded(origins: string[]): Promise<void> {
    for (const pattern of origins) {
      const origin = siteOfPattern(pattern);
      if (origin && !isBuiltInOrigin(origin)) await enable(origin);
    }
  }

  return {
    enable: (origin: string) => serial(() => enable(origin)),
    disable: (origin: string) => serial(() => disable(origin)),
    /** The enabled sites, checked against the permissions first (the options page then never lists a revoked one). */
    list: () => serial(async () => ((await reconcile()), answer())),
    reconcile: () => serial(reconcile),
    permissionsAdded: (origins: string[]) => serial(() => permissionsAdded(origins)),
    startInOpenTabs: () => serial(startInOpenTabs),
  };
}

export type SiteRegistry = ReturnType<typeof createSiteRegistry>;
