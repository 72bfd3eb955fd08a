import { CATEGORY_IDS, type ContextId } from '@/utils/classifier/types';
import { customContextsSetting, sanitizeCustomContexts, type CustomContext } from '@/utils/store/custom-contexts';
import {
  contextDisplaySetting,
  sanitizeContextDisplay,
  withCustomContexts,
  type ContextDisplayByCategory,
} from '@/utils/store/settings';
import { useSetting } from '../use-setting';

/** The reader's own contexts as stored, following changes (another tab, sync). */
export function useCustomContexts(): CustomContext[] {
  return useSetting(customContextsSetting, sanitizeCustomContexts, []);
}

/** Names and colours of the built-in contexts as the reader set them. */
export function useBuiltInDisplay(): ContextDisplayByCategory {
  return useSetting<ContextDisplayByCategory, ContextDisplayByCategory>(contextDisplaySetting, sanitizeContextDisplay, {});
}

/** Every context to list, in order (the built-in ones, then the reader's), with every name and colour. */
export function useContexts(): { ids: ContextId[]; display: ContextDisplayByCategory; custom: CustomContext[] } {
  const custom = useCustomContexts();
  const builtIn = useBuiltInDisplay();
  return { ids: [...CATEGORY_IDS, ...custom.map(({ id }) => id)], display: withCustomContexts(builtIn, custom), custom };
}
