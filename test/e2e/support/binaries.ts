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
