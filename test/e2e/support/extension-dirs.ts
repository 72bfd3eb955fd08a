import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const OUTPUT = resolve(import.meta.dirname, '../../../.output');

/** The unpacked extension built by `npm run build:e2e` for a browser (`chrome-mv3-e2e`, `firefox-mv2-e2e`). */
export function builtExtensionDir(browser: 'chrome' | 'firefox'): string {
  const name = existsSync(OUTPUT)
    ? readdirSync(OUTPUT).find((entry) => entry.startsWith(`${browser}-mv`) && entry.endsWith('-e2e'))
    : undefined;
  if (!name) throw new Error(`No ${browser} e2e build in ${OUTPUT}: run \`npm run build:e2e\` first.`);
  return join(OUTPUT, name);
}
