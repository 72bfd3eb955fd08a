import { useState } from 'preact/hooks';
import { CATEGORY_IDS, type ContextId } from '@/utils/classifier/types';
import { t } from '@/utils/i18n';
import {
  customTagsSetting,
  DEFAULT_VISIBILITY,
  MAX_TAGS_WITH_OWN_VISIBILITY,
  sanitizeCustomTags,
  sanitizeTagVisibility,
  sanitizeVisibility,
  tagVisibilitySetting,
  VISIBILITIES,
  visibilityOf,
  visibilitySetting,
  type ContextDisplayByCategory,
  type Visibility,
  type VisibilityByTag,
} from '@/utils/store/settings';
import { useSetting } from '../use-setting';
import { contextName } from './context-names';
import { Status } from './Status';
import { BUILT_IN_TAGS } from './built-in-tags';

const SAME_AS_ALL = 'all';
type Choice = Visibility | typeof SAME_AS_ALL;

/** The built-in hashtags as the sense inventory spells them (`Protokoll`), by their normalised name. */
const BUILT_IN_SPELLING = new Map(BUILT_IN_TAGS.map((tag) => [tag.toLowerCase(), tag]));

/**
 * Per watched hashtag, which contexts are shown, dimmed or hidden: by default as the popup's choice
 * for all hashtags; a choice made here applies to posts carrying that hashtag.
 */
export function TagVisibilitySection({
  display,
  contexts = CATEGORY_IDS,
}: {
  display: ContextDisplayByCategory;
  contexts?: readonly ContextId[];
}) {
  const tags = useWatchedTags();
  const byTag = useSetting(tagVisibilitySetting, sanitizeTagVisibility, {});
  const all = useSetting(visibilitySetting, sanitizeVisibility, DEFAULT_VISIBILITY);
  const [chosenTag, setChosenTag] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const tag = tags.includes(chosenTag) ? chosenTag : (tags[0] ?? '');

  const choose = async (category: ContextId, choice: Choice) => {
    const next = withChoice(sanitizeTagVisibility(await tagVisibilitySetting.getValue()), tag, category, choice);
    if (Object.keys(next).length > MAX_TAGS_WITH_OWN_VISIBILITY) {
      setError(t('optionsTagVisibilityTooMany', String(MAX_TAGS_WITH_OWN_VISIBILITY)));
      return;
    }
    try {
      await tagVisibilitySetting.setValue(next);
      setError('');
      setStatus(t('optionsSaved'));
    } catch (failure) {
      setError(t('optionsTagVisibilityNotSaved', String(failure)));
    }
  };
  const reset = async () => {
    const next = { ...sanitizeTagVisibility(await tagVisibilitySetting.getValue()) };
    delete next[tag];
    await tagVisibilitySetting.setValue(next);
    setStatus(t('optionsTagVisibilityResetDone', `#${spelling(tag)}`));
  };
  const own = byTag[tag] ?? {};

  return (
    <section class="options__section" aria-labelledby="tag-visibility-title" data-testid="tag-visibility">
      <h2 id="tag-visibility-title">{t('optionsTagVisibility')}</h2>
      <p class="options__intro">{t('optionsTagVisibilityIntro')}</p>
      <label class="tag-visibility__pick" for="tag-visibility-tag">
        {t('optionsTagVisibilityTag')}
      </label>
      <select
        id="tag-visibility-tag"
        class="options__input"
        value={tag}
        onChange={(event) => setChosenTag(event.currentTarget.value)}
        data-testid="tag-visibility-tag"
      >
        {tags.map((name) => (
          <option key={name} value={name}>
            #{spelling(name)}
            {byTag[name] ? ` (${t('optionsTagVisibilityOwn')})` : ''}
          </option>
        ))}
      </select>
      <ul class="tag-visibility">
        {contexts.map((category) => (
          <li class="tag-visibility__row" key={category}>
            <label for={`tag-visibility-${category}`}>{contextName(display, category)}</label>
            <select
              id={`tag-visibility-${category}`}
              class="options__input"
              value={own[category] ?? SAME_AS_ALL}
              onChange={(event) => void choose(category, event.currentTarget.value as Choice)}
              data-testid={`tag-visibility-${category}`}
            >
              <option value={SAME_AS_ALL}>{t('optionsTagVisibilityAsAll', t(`visibility_${visibilityOf(all, category)}`))}</option>
              {VISIBILITIES.map((choice) => (
                <option key={choice} value={choice}>
                  {t(`visibility_${choice}`)}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
      <div class="options__actions">
        <button type="button" class="options__button" disabled={!byTag[tag]} onClick={() => void reset()} data-testid="tag-visibility-reset">
          {t('optionsTagVisibilityReset', `#${spelling(tag)}`)}
        </button>
      </div>
      {error && (
        <p class="options__error" role="alert">
          {error}
        </p>
      )}
      <Status message={status} testid="tag-visibility-status" />
    </section>
  );
}

function spelling(tag: string): string {
  return BUILT_IN_SPELLING.get(tag) ?? tag;
}

/** The choices for all hashtags with one hashtag's choice for one context changed. */
export function withChoice(current: VisibilityByTag, tag: string, category: ContextId, choice: Choice): VisibilityByTag {
  const overrides = { ...current[tag] };
  if (choice === SAME_AS_ALL) delete overrides[category];
  else overrides[category] = choice;
  const next = { ...current };
  if (Object.keys(overrides).length > 0) next[tag] = overrides;
  else delete next[tag];
  return next;
}

function useWatchedTags(): string[] {
  const custom = useSetting(customTagsSetting, sanitizeCustomTags, []);
  return [...new Set([...BUILT_IN_SPELLING.keys(), ...custom])];
}
