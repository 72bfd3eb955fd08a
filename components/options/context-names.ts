import { isCategoryId, type ContextId } from '@/utils/classifier/types';
import { categoryName, t } from '@/utils/i18n';
import type { ContextDisplayByCategory } from '@/utils/store/settings';

/** The reader's name for a context, or a built-in context's name in the browser's language ("Removed context" for a reader context no longer there). */
export function contextName(display: ContextDisplayByCategory, category: ContextId): string {
  return display[category]?.name ?? (isCategoryId(category) ? categoryName(category) : t('contextRemoved'));
}
