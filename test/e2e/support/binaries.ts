import { existsSync } from 'node:fs';

/** Debian's browsers, unless the environment points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** Fails loudly, with the fix, when a browser is missing: end-to-end tests never skip silently. */
export function requireBinary(path: string, debianPackage: string): string {
  if (!existsSync(path)) {
    throw new Error(
      `${path} not found. Install it with \`sudo apt-get install -y ${debianPackage}\` ` +
        `(or point ${debianPackage === 'chromium' ? 'CHROMIUM_PATH' : 'FIREFOX_PATH'} at a browser binary).`,
    );
  }
  return path;
}

/**
 * Chromium flags for tests, demo, bench and screenshots: no sandbox (root in CI), and none of
 * Chromium's own background traffic, which this machine's closed network refuses anyway.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

/** Flags that load one unpacked extension and no other. */
export const loadExtensionFlags = (dir: string) => [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`];
