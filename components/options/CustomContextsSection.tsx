import { useEffect, useRef, useState } from 'preact/hooks';
import { CATEGORY_IDS, type CustomContextId } from '@/utils/classifier/types';
import { t } from '@/utils/i18n';
import {
  CUSTOM_CONTEXT_COLORS,
  CUSTOM_CONTEXTS_BYTES,
  customContextsSetting,
  MAX_CUSTOM_CONTEXTS,
  MAX_CUSTOM_CONTEXT_NAME_LENGTH,
  MAX_KEYWORDS,
  newCustomContextId,
  parseContextName,
  parseKeywordsInput,
  sanitizeCustomContexts,
  storedBytes,
  type CustomContext,
} from '@/utils/store/custom-contexts';
import {
  customTagsSetting,
  sanitizeCustomTags,
  sanitizeTagVisibility,
  sanitizeVisibility,
  tagVisibilitySetting,
  visibilitySetting,
  type ContextDisplayByCategory,
} from '@/utils/store/settings';
import { useSetting } from '../use-setting';
import { BUILT_IN_TAGS } from './built-in-tags';
import { contextName } from './context-names';
import { keywordCoveringWatchedTag } from './keyword-overlap';
import './custom-contexts.css';
import { Status } from './Status';
import { TextField } from './TextField';

/** What is wrong with a keywords field, in the reader's language; '' when nothing is. */
function keywordsProblem(input: string, watchedTags: readonly string[]): { keywords: string[]; error: string } {
  const parsed = parseKeywordsInput(input);
  if (parsed.ok) {
    const covering = keywordCoveringWatchedTag(parsed.keywords, watchedTags);
    if (covering) return { keywords: [], error: t('optionsKeywordIsWatchedTag', [covering.keyword, `#${covering.tag}`]) };
    return { keywords: parsed.keywords, error: '' };
  }
  const error =
    parsed.problem === 'empty'
      ? t('optionsKeywordsEmpty')
      : parsed.problem === 'tooMany'
        ? t('optionsKeywordsTooMany', String(MAX_KEYWORDS))
        : parsed.problem === 'tooLong'
          ? t('optionsKeywordTooLong', parsed.keyword ?? '')
          : t('optionsKeywordInvalid', parsed.keyword ?? '');
  return { keywords: [], error };
}

/** What is wrong with a name for the context `self` (null: a new one); '' when nothing is. */
function nameProblem(input: string, others: readonly string[]): { name: string; error: string } {
  const name = parseContextName(input);
  if (!name) return { name: '', error: t('optionsContextNameInvalid') };
  if (others.some((other) => other.toLocaleLowerCase() === name.toLocaleLowerCase())) return { name, error: t('optionsContextNameTaken', name) };
  return { name, error: '' };
}

/** Stores the list if it fits one sync item; the error message otherwise. */
async function store(next: CustomContext[]): Promise<string> {
  if (storedBytes(next) > CUSTOM_CONTEXTS_BYTES) return t('optionsContextsTooLarge');
  await customContextsSetting.setValue(next);
  return '';
}

const current = async () => sanitizeCustomContexts(await customContextsSetting.getValue());

/** Built-in and the reader's own watched hashtags, followed as they change. */
function useWatchedTags(): string[] {
  const own = useSetting(customTagsSetting, sanitizeCustomTags, []);
  return [...BUILT_IN_TAGS, ...own];
}

/**
 * The reader's own contexts: add one (name, colour, comma-separated keywords), change its name,
 * colour or keywords, remove it. Open pages follow at once (the content script watches the setting).
 */
export function CustomContextsSection({ contexts, display }: { contexts: CustomContext[]; display: ContextDisplayByCategory }) {
  const [status, setStatus] = useState('');
  const addName = useRef<HTMLInputElement>(null);
  const watchedTags = useWatchedTags();
  const namesBesides = (id: CustomContextId | null) => [
    ...CATEGORY_IDS.map((category) => contextName(display, category)),
    ...contexts.filter((context) => context.id !== id).map((context) => context.name),
  ];

  const remove = async (context: CustomContext) => {
    await customContextsSetting.setValue((await current()).filter(({ id }) => id !== context.id));
    // Its show / dim / hide choices go with it.
    const all = sanitizeVisibility(await visibilitySetting.getValue());
    if (all[context.id]) {
      delete all[context.id];
      await visibilitySetting.setValue(all);
    }
    const byTag = sanitizeTagVisibility(await tagVisibilitySetting.getValue());
    let changed = false;
    for (const [tag, overrides] of Object.entries(byTag)) {
      if (!overrides[context.id]) continue;
      delete overrides[context.id];
      if (Object.keys(overrides).length === 0) delete byTag[tag];
      changed = true;
    }
    if (changed) await tagVisibilitySetting.setValue(byTag);
    setStatus(t('optionsContextRemoved', context.name));
    addName.current?.focus(); // the button the focus was on is gone
  };

  return (
    <div class="custom-contexts" role="group" aria-labelledby="custom-contexts-title" data-testid="custom-contexts">
      <h3 id="custom-contexts-title">{t('optionsCustomContexts')}</h3>
      <p class="options__intro">{t('optionsCustomContextsIntro')}</p>
      {contexts.length === 0 ? (
        <p class="options__empty">{t('optionsNoCustomContexts')}</p>
      ) : (
        <ul class="custom-contexts__list">
          {contexts.map((context) => (
            <ContextRow
              key={context.id}
              context={context}
              otherNames={namesBesides(context.id)}
              watchedTags={watchedTags}
              onSaved={(message) => setStatus(message)}
              onRemove={() => void remove(context)}
            />
          ))}
        </ul>
      )}
      {contexts.length < MAX_CUSTOM_CONTEXTS ? (
        <AddContextForm
          nameField={addName}
          nextColor={CUSTOM_CONTEXT_COLORS.find((color) => !contexts.some((context) => context.color === color)) ?? CUSTOM_CONTEXT_COLORS[0]}
          otherNames={namesBesides(null)}
          watchedTags={watchedTags}
          onAdded={(name) => setStatus(t('optionsContextAdded', name))}
        />
      ) : (
        <p class="options__hint">{t('optionsContextsTooMany', String(MAX_CUSTOM_CONTEXTS))}</p>
      )}
      <Status message={status} testid="custom-contexts-status" />
    </div>
  );
}

function ContextRow({
  context,
  otherNames,
  watchedTags,
  onSaved,
  onRemove,
}: {
  context: CustomContext;
  otherNames: string[];
  /** Keywords may not take every post of one of these (see keywordCoveringWatchedTag). */
  watchedTags: readonly string[];
  onSaved: (message: string) => void;
  onRemove: () => void;
}) {
  const stored = context.keywords.join(', ');
  const [name, setName] = useState(context.name);
  const [keywords, setKeywords] = useState(stored);
  const [nameError, setNameError] = useState('');
  const [keywordsError, setKeywordsError] = useState('');
  // Changed elsewhere (another tab, sync): show the stored values.
  useEffect(() => setName(context.name), [context.name]);
  useEffect(() => setKeywords(stored), [stored]);
  const id = context.id;

  const save = async (change: Partial<CustomContext>) => {
    const list = await current();
    const error = await store(list.map((other) => (other.id === id ? { ...other, ...change } : other)));
    if (error) setKeywordsError(error);
    else onSaved(t('optionsSaved'));
  };
  const saveName = (input: string) => {
    const { name: parsed, error } = nameProblem(input, otherNames);
    setNameError(error);
    if (!error) void save({ name: parsed });
  };
  const saveKeywords = (input: string) => {
    const { keywords: parsed, error } = keywordsProblem(input, watchedTags);
    setKeywordsError(error);
    if (!error) void save({ keywords: parsed });
  };

  return (
    <li class="custom-contexts__item" data-testid="custom-context" data-context-id={id}>
      <input
        type="color"
        class="contexts__color"
        value={context.color}
        aria-label={t('optionsContextColor', context.name)}
        data-testid="custom-context-color"
        onChange={(event) => void save({ color: event.currentTarget.value.toLowerCase() })}
      />
      <div class="custom-contexts__fields">
        <TextField
          id={`${id}-name`}
          label={t('optionsCustomContextNameOf', context.name)}
          value={name}
          error={nameError}
          maxLength={MAX_CUSTOM_CONTEXT_NAME_LENGTH}
          onInput={setName}
          onCommit={saveName}
          testid="custom-context-name"
        />
        <TextField
          id={`${id}-keywords`}
          label={t('optionsCustomContextKeywordsOf', context.name)}
          value={keywords}
          error={keywordsError}
          spellcheck={false}
          onInput={setKeywords}
          onCommit={saveKeywords}
          testid="custom-context-keywords"
        />
      </div>
      <button
        type="button"
        class="options__button options__button--small"
        aria-label={t('optionsRemoveContextLabel', context.name)}
        onClick={onRemove}
        data-testid="custom-context-remove"
      >
        {t('optionsRemoveContext')}
      </button>
    </li>
  );
}

function AddContextForm({
  nameField,
  nextColor,
  otherNames,
  watchedTags,
  onAdded,
}: {
  nameField: { current: HTMLInputElement | null };
  /** A palette colour no context of the reader's has yet. */
  nextColor: string;
  otherNames: string[];
  /** Keywords may not take every post of one of these (see keywordCoveringWatchedTag). */
  watchedTags: readonly string[];
  onAdded: (name: string) => void;
}) {
  const [name, setName] = useState('');
  const [color, setColor] = useState<string>(nextColor);
  const [keywords, setKeywords] = useState('');
  const [nameError, setNameError] = useState('');
  const [keywordsError, setKeywordsError] = useState('');
  const keywordsField = useRef<HTMLInputElement>(null);
  useEffect(() => setColor(nextColor), [nextColor]);

  const add = async (event: Event) => {
    event.preventDefault();
    const named = nameProblem(name, otherNames);
    const listed = keywordsProblem(keywords, watchedTags);
    setNameError(named.error);
    setKeywordsError(listed.error);
    if (named.error) return nameField.current?.focus();
    if (listed.error) return keywordsField.current?.focus();
    const list = await current();
    if (list.length >= MAX_CUSTOM_CONTEXTS) return setNameError(t('optionsContextsTooMany', String(MAX_CUSTOM_CONTEXTS)));
    const error = await store([...list, { id: newCustomContextId(list), name: named.name, color: color.toLowerCase(), keywords: listed.keywords }]);
    if (error) {
      setKeywordsError(error);
      return keywordsField.current?.focus();
    }
    setName('');
    setKeywords('');
    onAdded(named.name);
  };

  return (
    <form class="custom-contexts__form" onSubmit={(event) => void add(event)} noValidate aria-labelledby="add-context-title">
      <h4 id="add-context-title">{t('optionsAddContext')}</h4>
      <div class="custom-contexts__new">
        <label for="new-context-color">{t('optionsCustomContextColor')}</label>
        <input
          id="new-context-color"
          type="color"
          class="contexts__color"
          value={color}
          onInput={(event) => setColor(event.currentTarget.value)}
          data-testid="new-context-color"
        />
        <TextField
          id="new-context-name"
          label={t('optionsCustomContextName')}
          value={name}
          error={nameError}
          inputRef={nameField}
          maxLength={MAX_CUSTOM_CONTEXT_NAME_LENGTH}
          onInput={setName}
          errorClass="custom-contexts__error"
          testid="new-context-name"
        />
        <TextField
          id="new-context-keywords"
          label={t('optionsCustomContextKeywords')}
          value={keywords}
          error={keywordsError}
          inputRef={keywordsField}
          placeholder="Plenum, Klimacamp, Demo*"
          spellcheck={false}
          onInput={setKeywords}
          errorClass="custom-contexts__error"
          testid="new-context-keywords"
        />
      </div>
      <div class="options__actions">
        <button type="submit" class="options__button" data-testid="add-context">
          {t('optionsAddContextButton')}
        </button>
      </div>
    </form>
  );
}
