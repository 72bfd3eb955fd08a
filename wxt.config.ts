import { defineConfig } from 'wxt';
import type { Plugin } from 'vite';

// `npm run build:e2e` builds with `--mode e2e`: the content script may then also run on
// local test pages. Store builds (production mode) never carry these patterns.
const LOCAL_TEST_ORIGINS = ['http://127.0.0.1/*', 'http://localhost/*'];

// A site the reader may enable ("Enable on this site", options page Sites): any http(s) host, asked
// for one site at a time at the reader's click. Optional: nothing of it is granted at install.
const OPTIONAL_HOSTS = ['https://*/*', 'http://*/*'];

// `--mode e2e`, Chromium only: a loopback address that is *not* a static match but whose host
// permission is granted at install, so `permissions.request` for it resolves without a prompt
// (headless Chromium cannot answer one). Firefox tests grant optional permissions by a pref instead.
const E2E_ENABLEABLE_ORIGIN = 'http://127.0.0.2/*';

// The extension's pages run only its own bundled scripts: no eval, no wasm, no remote code, no plugins.
const EXTENSION_PAGES_CSP = "script-src 'self'; object-src 'self'";

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader sees where each name comes from.
  imports: false,
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    plugins: [preactWithoutHtmlSink()],
  }),
  // AMO reviewers rebuild from the sources zip: the code and its build, not tests, pictures or listings.
  zip: { excludeSources: ['docs/**', 'store/**', 'test/**', 'bench/**'] },
  manifest: ({ manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: settings; scripting: the content script on sites the reader enables;
    // activeTab: the popup reads the current tab's address when opened (no install warning).
    permissions: ['storage', 'scripting', 'activeTab'],
    // MV3 names optional hosts apart; MV2 (Firefox) lists them among optional_permissions, and WXT
    // drops optional_host_permissions from MV2 manifests without moving them.
    ...(manifestVersion === 3 ? { optional_host_permissions: OPTIONAL_HOSTS } : { optional_permissions: OPTIONAL_HOSTS }),
    action: { default_title: '__MSG_extName__' },
    browser_specific_settings: {
      gecko: {
        id: 'hashtag-context@hashtag-context.dev',
        // data_collection_permissions needs Firefox 140 on desktop, 142 on Android.
        strict_min_version: '140.0',
        // Firefox's built-in consent: this extension collects and transmits nothing.
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    },
    // MV3 (Chrome) takes an object, MV2 (Firefox) a string.
    content_security_policy: (manifestVersion === 3
      ? { extension_pages: EXTENSION_PAGES_CSP }
      : EXTENSION_PAGES_CSP) as { extension_pages: string },
  }),
  hooks: {
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.mode === 'e2e') {
        if (wxt.config.browser !== 'firefox') manifest.host_permissions = [...(manifest.host_permissions ?? []), E2E_ENABLEABLE_ORIGIN];
        for (const script of manifest.content_scripts ?? []) {
          script.matches = [...(script.matches ?? []), ...LOCAL_TEST_ORIGINS];
        }
        for (const resource of manifest.web_accessible_resources ?? []) {
          if (typeof resource === 'object') resource.matches = [...(resource.matches ?? []), ...LOCAL_TEST_ORIGINS];
        }
      }
      // Chrome starts content scripts only in pages loaded after an install or update. To start the script in
      // open tabs of the built-in sites then, the background needs to see those tabs' addresses and script
      // them: host access to exactly the sites the content script already runs on (no new install warning).
      // Firefox starts content scripts in open tabs itself.
      if (manifest.manifest_version === 3) {
        const matches = (manifest.content_scripts ?? []).flatMap((script) => script.matches ?? []);
        manifest.host_permissions = [...new Set([...(manifest.host_permissions ?? []), ...matches])];
      }
    },
  },
});

/**
 * Preact's one write of HTML into the DOM is its support for `dangerouslySetInnerHTML`, which this
 * extension never uses (it renders post text as text). The bundle gets that write as `textContent`:
 * the last HTML sink is gone (addons.mozilla.org's linter flags it), and a future use of the prop
 * would show text, never run markup. `npm test` lints the Firefox build with warnings as errors.
 */
function preactWithoutHtmlSink(): Plugin {
  const preactDist = /[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.mjs$/;
  return {
    name: 'hashtag-context:preact-without-html-sink',
    transform(code, id) {
      if (!preactDist.test(id)) return null;
      const safe = code.replace(/(\w+)\.innerHTML=(\w+)\.__html/g, '$1.textContent=$2.__html');
      if (safe === code) this.warn('Preact changed: its innerHTML write was not found (web-ext lint will say whether one remains)');
      return { code: safe, map: null };
    },
  };
}
