import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createSiteRegistry, SITE_SCRIPT_PREFIX, siteScriptId } from '@/utils/background/site-registry';
import { enabledSitesItem } from '@/utils/store/sites';

/**
 * The fake browser (wxt/testing/fake-browser) implements storage and tabs but neither `scripting` nor
 * `permissions` (each method throws "not implemented"): those are stubbed here with an in-memory
 * browser that behaves as Chromium and Firefox do where it matters: registering a taken id fails,
 * unregistering an unknown id fails, removing a required permission fails.
 */
interface Script {
  id: string;
  matches?: string[];
  js?: string[];
  css?: string[];
  runAt?: string;
  persistAcrossSessions?: boolean;
}

let granted: Set<string>;
let required: Set<string>;
let registered: Map<string, Script>;
/** Tabs whose content script answers the popup's ping (already running there). */
let running: Set<number>;

const contains = vi.fn(async ({ origins = [] }: { origins?: string[] }) => origins.every((origin) => granted.has(origin) || required.has(origin)));
const remove = vi.fn(async ({ origins = [] }: { origins?: string[] }) => {
  if (origins.some((origin) => required.has(origin))) throw new Error('You cannot remove required permissions.');
  for (const origin of origins) granted.delete(origin);
  return true;
});
const getRegisteredContentScripts = vi.fn(async () => [...registered.values()]);
const registerContentScripts = vi.fn(async (scripts: Script[]) => {
  for (const script of scripts) if (registered.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
  for (const script of scripts) registered.set(script.id, script);
});
const unregisterContentScripts = vi.fn(async ({ ids = [] }: { ids?: string[] }) => {
  for (const id of ids) if (!registered.has(id)) throw new Error(`Nonexistent script ID '${id}'`);
  for (const id of ids) registered.delete(id);
});
const executeScript = vi.fn(async ({ target }: { target: { tabId: number }; files: string[] }) => {
  running.add(target.tabId);
  return [];
});
const sendMessage = vi.fn(async (tabId: number) => {
  if (!running.has(tabId)) throw new Error('Could not establish connection. Receiving end does not exist.');
  return { active: true, counts: {} };
});

beforeEach(() => {
  granted = new Set();
  required = new Set();
  registered = new Map();
  running = new Set();
  vi.clearAllMocks();
  Object.assign(fakeBrowser.permissions, { contains, remove });
  Object.assign(fakeBrowser.scripting, { getRegisteredContentScripts, registerContentScripts, unregisterContentScripts, executeScript });
  Object.assign(fakeBrowser.tabs, { sendMessage });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

const SITE = 'https://social.example';
const PATTERN = 'https://social.example/*';

describe('enabling and disabling a site', () => {
  it('registers the static content script’s file for the site’s pattern, stores the site and starts it in open tabs there', async () => {
    granted.add(PATTERN);
    const there = await fakeBrowser.tabs.create({ url: `${SITE}/tags/Protokoll` });
    const elsewhere = await fakeBrowser.tabs.create({ url: 'https://other.example/tags/Protokoll' });
    const sites = createSiteRegistry();

    expect(await sites.enable(SITE)).toEqual({ ok: true, sites: [SITE] });
    expect(registered.get(siteScriptId(SITE))).toEqual({
      id: `${SITE_SCRIPT_PREFIX}${SITE}`,
      matches: [PATTERN],
      js: ['content-scripts/mastodon.js'],
      runAt: 'document_idle',
      allFrames: false,
      persistAcrossSessions: true,
    });
    expect(await enabledSitesItem.getValue()).toEqual([SITE]);
    expect(executeScript).toHaveBeenCalledTimes(1);
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: there.id }, files: ['content-scripts/mastodon.js'] });
    expect(running.has(elsewhere.id!)).toBe(false);
  });

  it('registers the file by its path when the manifest answers with full URLs, as Firefox does', async () => {
    granted.add(PATTERN);
    const base = fakeBrowser.runtime.getURL('/');
    const original = fakeBrowser.runtime.getManifest;
    fakeBrowser.runtime.getManifest = vi.fn(() => ({ content_scripts: [{ matches: ['https://mastodon.social/*'], js: [`${base}content-scripts/mastodon.js`] }] })) as never;
    try {
      await createSiteRegistry().enable(SITE);
      expect(registered.get(siteScriptId(SITE))?.js).toEqual(['content-scripts/mastodon.js']);
    } finally {
      fakeBrowser.runtime.getManifest = original;
    }
  });

  it('enabling twice (popup and permissions.onAdded) registers and injects once', async () => {
    granted.add(PATTERN);
    await fakeBrowser.tabs.create({ url: `${SITE}/home` });
    const sites = createSiteRegistry();
    const [first, second] = await Promise.all([sites.enable(SITE), sites.permissionsAdded([PATTERN])]);
    expect(first.ok).toBe(true);
    expect(second).toBeUndefined();
    expect(registerContentScripts).toHaveBeenCalledTimes(1);
    expect(executeScript).toHaveBeenCalledTimes(1);
    expect(await enabledSitesItem.getValue()).toEqual([SITE]);
  });

  it('does not start a second copy in a tab where the content script still runs (disabled, then enabled again)', async () => {
    granted.add(PATTERN);
    const tab = await fakeBrowser.tabs.create({ url: `${SITE}/home` });
    running.add(tab.id!);
    const sites = createSiteRegistry();
    await sites.enable(SITE);
    expect(executeScript).not.toHaveBeenCalled();
  });

  it('refuses without the host permission, for built-in sites, and says so', async () => {
    const sites = createSiteRegistry();
    expect(await sites.enable(SITE)).toEqual({ ok: false, error: 'permission', sites: [] });
    granted.add('https://mastodon.social/*');
    expect(await sites.enable('https://mastodon.social')).toEqual({ ok: false, error: 'builtIn', sites: [] });
    expect(registerContentScripts).not.toHaveBeenCalled();
    expect(await enabledSitesItem.getValue()).toEqual([]);
  });

  it('reports a registration the browser refuses, and stores nothing', async () => {
    granted.add(PATTERN);
    registerContentScripts.mockRejectedValueOnce(new Error('Invalid match pattern'));
    const sites = createSiteRegistry();
    expect(await sites.enable(SITE)).toEqual({ ok: false, error: 'failed', sites: [] });
    expect(await enabledSitesItem.getValue()).toEqual([]);
  });

  it('disabling unregisters the script, gives the permission back and forgets the site', async () => {
    granted.add(PATTERN);
    const sites = createSiteRegistry();
    await sites.enable(SITE);
    expect(await sites.disable(SITE)).toEqual({ ok: true, sites: [] });
    expect(registered.size).toBe(0);
    expect(granted.has(PATTERN)).toBe(false);
    expect(remove).toHaveBeenCalledWith({ origins: [PATTERN] });
  });

  it('disables all the same when the permission cannot be removed (required by the manifest, as in test builds)', async () => {
    required.add(PATTERN);
    const sites = createSiteRegistry();
    await sites.enable(SITE);
    expect(await sites.disable(SITE)).toEqual({ ok: true, sites: [] });
    expect(registered.size).toBe(0);
    expect(await enabledSitesItem.getValue()).toEqual([]);
  });

  it('ignores granted permissions that are not one site, and built-in sites', async () => {
    granted.add('https://*/*');
    granted.add('https://mastodon.social/*');
    const sites = createSiteRegistry();
    await sites.permissionsAdded(['https://*/*', 'http://*/*', '<all_urls>', 'https://mastodon.social/*']);
    expect(registerContentScripts).not.toHaveBeenCalled();
    expect(await enabledSitesItem.getValue()).toEqual([]);
  });
});

describe('after an install or update', () => {
  it('starts the script in open tabs of built-in and enabled sites where it is not running, and nowhere else', async () => {
    granted.add(PATTERN);
    await enabledSitesItem.setValue([SITE]);
    const original = fakeBrowser.runtime.getManifest;
    fakeBrowser.runtime.getManifest = vi.fn(() => ({ content_scripts: [{ matches: ['https://mastodon.social/*'], js: ['content-scripts/mastodon.js'] }] })) as never;
    try {
      const builtIn = await fakeBrowser.tabs.create({ url: 'https://mastodon.social/tags/Protokoll' });
      const builtInRunning = await fakeBrowser.tabs.create({ url: 'https://mastodon.social/home' });
      running.add(builtInRunning.id!);
      const enabled = await fakeBrowser.tabs.create({ url: `${SITE}/home` });
      const elsewhere = await fakeBrowser.tabs.create({ url: 'https://other.example/tags/Protokoll' });
      await createSiteRegistry().startInOpenTabs();
      expect(executeScript.mock.calls.map(([call]) => call.target.tabId).sort()).toEqual([builtIn.id, enabled.id].sort());
      expect(running.has(elsewhere.id!)).toBe(false);
    } finally {
      fakeBrowser.runtime.getManifest = original;
    }
  });
});

describe('reconcile (every background start, and when a permission is removed)', () => {
  const A = 'https://a.example';
  const B = 'https://b.example';
  const C = 'http://c.example';

  it('re-registers the scripts the browser lost (a session without persistence) for sites that kept their permission', async () => {
    for (const site of [A, B]) granted.add(`${site}/*`);
    await enabledSitesItem.setValue([A, B]);
    registered.set(siteScriptId(A), { id: siteScriptId(A), matches: [`${A}/*`], js: ['content-scripts/mastodon.js'] });
    const sites = createSiteRegistry();
    expect(await sites.reconcile()).toEqual([A, B]);
    expect([...registered.keys()].sort()).toEqual([siteScriptId(A), siteScriptId(B)]);
    expect(registerContentScripts).toHaveBeenCalledTimes(1);
    expect(registerContentScripts.mock.calls[0]![0].map((script) => script.id)).toEqual([siteScriptId(B)]);
  });

  it('starts the script in open tabs of a site whose registration was lost (tabs restored before the background), once', async () => {
    for (const site of [A, B]) granted.add(`${site}/*`);
    await enabledSitesItem.setValue([A, B]);
    registered.set(siteScriptId(A), { id: siteScriptId(A), matches: [`${A}/*`], js: ['content-scripts/mastodon.js'] });
    const tabOfA = await fakeBrowser.tabs.create({ url: `${A}/home` });
    const tabOfB = await fakeBrowser.tabs.create({ url: `${B}/tags/Protokoll` });
    const runningTabOfB = await fakeBrowser.tabs.create({ url: `${B}/home` });
    running.add(runningTabOfB.id!);
    await createSiteRegistry().reconcile();
    expect(executeScript).toHaveBeenCalledTimes(1);
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: tabOfB.id }, files: ['content-scripts/mastodon.js'] });
    expect(running.has(tabOfA.id!)).toBe(false);
    await createSiteRegistry().reconcile();
    expect(executeScript).toHaveBeenCalledTimes(1);
  });

  it('drops sites whose permission the reader revoked, and their scripts', async () => {
    granted.add(`${A}/*`);
    await enabledSitesItem.setValue([A, B]);
    registered.set(siteScriptId(A), { id: siteScriptId(A) });
    registered.set(siteScriptId(B), { id: siteScriptId(B) });
    const sites = createSiteRegistry();
    expect(await sites.reconcile()).toEqual([A]);
    expect(await enabledSitesItem.getValue()).toEqual([A]);
    expect([...registered.keys()]).toEqual([siteScriptId(A)]);
  });

  it('unregisters leftover site scripts that no stored site wants, and leaves other scripts alone', async () => {
    registered.set(siteScriptId(C), { id: siteScriptId(C) });
    registered.set('something-else', { id: 'something-else' });
    const sites = createSiteRegistry();
    expect(await sites.reconcile()).toEqual([]);
    expect([...registered.keys()]).toEqual(['something-else']);
  });

  it('registers the others when one registration fails', async () => {
    for (const site of [A, B, C]) granted.add(`${site}/*`);
    await enabledSitesItem.setValue([A, B, C]);
    registerContentScripts.mockImplementation(async (scripts: Script[]) => {
      if (scripts.some((script) => script.id === siteScriptId(B))) throw new Error('refused');
      for (const script of scripts) registered.set(script.id, script);
    });
    const tabOfB = await fakeBrowser.tabs.create({ url: `${B}/home` });
    const tabOfC = await fakeBrowser.tabs.create({ url: `${C}/home` });
    const sites = createSiteRegistry();
    await sites.reconcile();
    expect([...registered.keys()].sort()).toEqual([siteScriptId(C), siteScriptId(A)].sort());
    expect(running.has(tabOfC.id!)).toBe(true);
    expect(running.has(tabOfB.id!)).toBe(false);
  });

  it('cleans up a damaged stored value', async () => {
    granted.add(`${A}/*`);
    await fakeBrowser.storage.local.set({ enabledSites: [A, 'https://a.example/', 'https://*/*', 3] });
    const sites = createSiteRegistry();
    expect(await sites.reconcile()).toEqual([A]);
    expect(await enabledSitesItem.getValue()).toEqual([A]);
  });

  it('listing the sites checks them first: a site whose permission was revoked meanwhile is not listed', async () => {
    granted.add(`${A}/*`);
    granted.add(`${B}/*`);
    const sites = createSiteRegistry();
    await sites.enable(A);
    await sites.enable(B);
    granted.delete(`${B}/*`); // revoked in the browser's settings while no event reached the background
    expect(await sites.list()).toEqual({ ok: true, sites: [A] });
    expect([...registered.keys()]).toEqual([siteScriptId(A)]);
  });

  it('keeps a site and its script when the browser cannot answer for its permission (still starting up)', async () => {
    for (const site of [A, B]) granted.add(`${site}/*`);
    await enabledSitesItem.setValue([A, B]);
    for (const site of [A, B]) registered.set(siteScriptId(site), { id: siteScriptId(site) });
    contains.mockRejectedValueOnce(new Error('permissions not ready')); // asked for A first
    const sites = createSiteRegistry();
    expect(await sites.reconcile()).toEqual([A, B]);
    expect(await enabledSitesItem.getValue()).toEqual([A, B]);
    expect([...registered.keys()].sort()).toEqual([siteScriptId(A), siteScriptId(B)]);
    expect(unregisterContentScripts).not.toHaveBeenCalled();
  });

  it('leaves sites and scripts alone when the stored sites cannot be read', async () => {
    granted.add(`${A}/*`);
    await enabledSitesItem.setValue([A]);
    registered.set(siteScriptId(A), { id: siteScriptId(A) });
    vi.spyOn(enabledSitesItem, 'getValue').mockRejectedValueOnce(new Error('storage broken'));
    const sites = createSiteRegistry();
    await sites.reconcile();
    expect([...registered.keys()]).toEqual([siteScriptId(A)]);
    expect(unregisterContentScripts).not.toHaveBeenCalled();
    expect(await enabledSitesItem.getValue()).toEqual([A]);
  });

  it('does nothing when nothing is enabled and nothing registered', async () => {
    const sites = createSiteRegistry();
    expect(await sites.reconcile()).toEqual([]);
    expect(registerContentScripts).not.toHaveBeenCalled();
    expect(unregisterContentScripts).not.toHaveBeenCalled();
  });
});
