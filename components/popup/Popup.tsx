import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { contextName } from '@/components/options/context-names';
import { useContexts } from '@/components/options/use-contexts';
import type { ContextId } from '@/utils/classifier/types';
import { t } from '@/utils/i18n';
import {
  contextColor,
  DEFAULT_VISIBILITY,
  VISIBILITIES,
  sanitizeVisibility,
  visibilityOf,
  visibilitySetting,
  type Visibility,
  type VisibilityByCategory,
} from '@/utils/store/settings';
import { PageChart } from './PageChart';
import { SiteToggle } from './SiteToggle';

/**
 * The toolbar popup: whether the extension is active on the current tab and what it found there;
 * per context, show, dim or hide its posts (changes apply to open pages at once); the options.
 */
export function Popup() {
  const [visibility, setVisibility] = useState<VisibilityByCategory>(DEFAULT_VISIBILITY);
  const { ids, display } = useContexts();

  useEffect(() => {
    void visibilitySetting.getValue().then((value) => setVisibility(sanitizeVisibility(value)));
    return visibilitySetting.watch((value) => setVisibility(sanitizeVisibility(value)));
  }, []);

  const choose = (category: ContextId, choice: Visibility) => {
    const next = { ...visibility, [category]: choice };
    setVisibility(next);
    void visibilitySetting.setValue(next);
  };

  return (
    <main class="popup">
      <h1 class="popup__title">{t('extName')}</h1>
      <PageChart display={display} contexts={ids} />
      <SiteToggle />
      <p class="popup__intro">{t('popupIntro')}</p>
      {ids.map((category) => (
        <fieldset class="popup__category" key={category}>
          <legend>
            <span class="popup__swatch" aria-hidden="true" style={{ background: contextColor(display, category) }} />
            {contextName(display, category)}
          </legend>
          <div class="popup__choices">
            {VISIBILITIES.map((choice) => (
              <label class="popup__choice" key={choice}>
                <input
                  type="radio"
                  name={`visibility-${category}`}
                  value={choice}
                  checked={visibilityOf(visibility, category) === choice}
                  onChange={() => choose(category, choice)}
                  data-testid={`visibility-${category}-${choice}`}
                />
                <span>{t(`visibility_${choice}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <p class="popup__footer">
        <a
          href={browser.runtime.getURL('/options.html')}
          class="popup__options"
          data-testid="open-options"
          onClick={(event) => {
            event.preventDefault();
            void browser.runtime.openOptionsPage();
          }}
        >
          {t('popupOpenOptions')}
        </a>
      </p>
    </main>
  );
}
