import type { CategoryId } from '@/utils/classifier/types';
import { categoryName } from '@/utils/i18n';
import type { ContextDisplayByCategory } from '@/utils/store/settings';

/** The reader's name for a context, or its name in the browser's language. */
export function contextName(display: ContextDisplayByCategory, category: CategoryId): string {
  return display[category]?.name ?? categoryName(category);
}
