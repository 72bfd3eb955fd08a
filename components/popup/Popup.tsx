import { useEffect, useState } from 'preact/hooks';
import { CATEGORY_IDS, type CategoryId } from '@/utils/classifier/types';
import { categoryName, t } from '@/utils/i18n';
import {
  DEFAULT_VISIBILITY,
  VISIBILITIES,
  sanitizeVisibility,
  visibilitySetting,
  type Visibility,
  type VisibilityByCategory,
} from '@/utils/store/settings';

/** The toolbar popup: per context, show, dim or hide its posts. Changes apply to open pages at once. */
export function Popup() {
  const [visibility, setVisibility] = useState<VisibilityByCategory>(DEFAULT_VISIBILITY);

  useEffect(() => {
    void visibilitySetting.getValue().then((value) => setVisibility(sanitizeVisibility(value)));
    return visibilitySetting.watch((value) => setVisibility(sanitizeVisibility(value)));
  }, []);

  const choose = (category: CategoryId, choice: Visibility) => {
    const next = { ...visibility, [category]: choice };
    setVisibility(next);
    void visibilitySetting.setValue(next);
  };

  return (
    <main class="popup">
      <h1 class="popup__title">{t('extName')}</h1>
      <p class="popup__intro">{t('popupIntro')}</p>
      {CATEGORY_IDS.map((category) => (
        <fieldset class={`popup__category hc-category--${category}`} key={category}>
          <legend>
            <span class="popup__swatch" aria-hidden="true" />
            {categoryName(category)}
          </legend>
          <div class="popup__choices">
            {VISIBILITIES.map((choice) => (
              <label class="popup__choice" key={choice}>
                <input
                  type="radio"
                  name={`visibility-${category}`}
                  value={choice}
                  checked={visibility[category] === choice}
                  onChange={() => choose(category, choice)}
                  data-testid={`visibility-${category}-${choice}`}
                />
                <span>{t(`visibility_${choice}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
    </main>
  );
}
