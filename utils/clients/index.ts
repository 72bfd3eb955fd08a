import { mastodonAdapter } from './mastodon';
import type { ClientAdapter } from './types';

export type { ClientAdapter, ClientId, HashtagLink, PostView } from './types';
export { normalizeTagName } from './hashtag-name';

const ADAPTERS: readonly ClientAdapter[] = [mastodonAdapter];

/** The adapter for the web client this document is, or null: an unknown page is left alone. */
export function detectClient(doc: Document): ClientAdapter | null {
  return ADAPTERS.find((adapter) => adapter.detect(doc)) ?? null;
}
