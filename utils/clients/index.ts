import { elkAdapter } from './elk';
import { lmstAdapter } from './lmst';
import { mastodonAdapter } from './mastodon';
import { phanpyAdapter } from './phanpy';
import type { ClientAdapter } from './types';

export type { ClientAdapter, ClientId, HashtagLink, PostView } from './types';
export { normalizeTagName } from './hashtag-name';

/** Tried in order: each detects its client by markers the others' pages never have. */
const ADAPTERS: readonly ClientAdapter[] = [mastodonAdapter, elkAdapter, phanpyAdapter, lmstAdapter];

/** The adapter for the web client this document is, or null: an unknown page is left alone. */
export function detectClient(doc: Document): ClientAdapter | null {
  return ADAPTERS.find((adapter) => adapter.detect(doc)) ?? null;
}
