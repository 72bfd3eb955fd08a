import { CATEGORY_IDS } from '../classifier/types';
import { CATEGORY_ATTRIBUTE } from '../dom-contract';
import type { VisibilityByCategory } from '../store/settings';

/** CSS that dims or hides posts by their `data-hc-category`, for the current settings. */
export function visibilityCss(visibility: VisibilityByCategory): string {
  return CATEGORY_IDS.map((category) => {
    const selector = `[${CATEGORY_ATTRIBUTE}="${category}"]`;
    switch (visibility[category]) {
      case 'hide':
        return `${selector}{display:none!important}`;
      case 'dim':
        return `${selector}{opacity:.35;transition:opacity .15s}${selector}:hover,${selector}:focus-within{opacity:1}`;
      default:
        return '';
    }
  }).join('\n');
}

/** One `<style>` element in the page, rewritten whenever the settings change. */
export function createVisibilityStyle(doc: Document) {
  const style = doc.createElement('style');
  return {
    apply(visibility: VisibilityByCategory) {
      style.textContent = visibilityCss(visibility);
      if (!style.isConnected) (doc.head ?? doc.documentElement).append(style);
    },
    remove() {
      style.remove();
    },
  };
}
