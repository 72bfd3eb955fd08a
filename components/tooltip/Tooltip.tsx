import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { contextName } from '@/components/options/context-names';
import { CATEGORY_IDS, type ContextId, type PostLabel, type Reason } from '@/utils/classifier/types';
import { t } from '@/utils/i18n';
import { contextColor, type ContextDisplayByCategory } from '@/utils/store/settings';

export interface TooltipProps {
  id: string;
  result: PostLabel;
  /** Every context's name and colour as the reader set them, the reader's own contexts included. */
  display?: ContextDisplayByCategory;
  /** The contexts the reader may choose instead (default: the built-in ones). */
  contexts?: readonly ContextId[];
  /** The page's writing direction (the shadow root does not inherit it). */
  dir?: 'ltr' | 'rtl';
  /** Where to draw, in viewport coordinates (the tooltip is `position: fixed`). */
  position: { top: number; left: number; placement: 'above' | 'below' };
  onPointerEnter: () => void;
  onPointerLeave: () => void;
  /** Records the reader's correction; the tooltip then shows the corrected result it is given. */
  onCorrect: (category: ContextId) => void;
}

export function Tooltip({
  id,
  result,
  display = {},
  contexts = CATEGORY_IDS,
  dir = 'ltr',
  position,
  onPointerEnter,
  onPointerLeave,
  onCorrect,
}: TooltipProps) {
  const [choosing, setChoosing] = useState(false);
  const choices = useRef<HTMLDivElement>(null);
  const wrong = useRef<HTMLButtonElement>(null);
  // Keyboard users land on the first choice when the choices open (at once: a hidden tab gets no frames).
  useLayoutEffect(() => {
    if (choosing) choices.current?.querySelector('button')?.focus();
  }, [choosing]);
  return (
    <div
      id={id}
      dir={dir}
      role="tooltip"
      class={`hc-tooltip hc-tooltip--${position.placement} hc-category--${result.category}`}
      style={{ top: `${position.top}px`, left: `${position.left}px`, '--hc-category-color': contextColor(display, result.category) }}
      data-category={result.category}
      onPointerEnter={onPointerEnter}
      onPointerLeave={onPointerLeave}
    >
      <div class="hc-tooltip__head">
        <span class="hc-tooltip__swatch" aria-hidden="true" />
        <strong class="hc-tooltip__category">{contextName(display, result.category)}</strong>
        <span class="hc-tooltip__confidence">
          {result.corrected ? t('tooltipYourChoice') : t('tooltipConfidence', String(displayedPercent(result.confidence)))}
        </span>
      </div>
      {result.abstained && <p class="hc-tooltip__note">{t('tooltipAbstained')}</p>}
      {result.reasons.length > 0 && (
        <p class="hc-tooltip__reasons">
          <span>{t('tooltipBecause')} </span>
          {result.reasons.slice(0, 3).map((reason, index) => (
            <span key={reason.label}>
              {index > 0 && ', '}
              <q class="hc-tooltip__reason">{reasonLabel(reason)}</q>
            </span>
          ))}
        </p>
      )}
      <button
        type="button"
        class="hc-tooltip__wrong"
        aria-expanded={choosing}
        aria-controls={`${id}-choices`}
        ref={wrong}
        onClick={() => setChoosing(!choosing)}
      >
        {result.corrected ? t('tooltipChangeChoice') : t('tooltipWrong')}
      </button>
      {choosing && (
        <div id={`${id}-choices`} class="hc-tooltip__choices" role="group" aria-label={t('tooltipChooseContext')} ref={choices}>
          {contexts.filter((category) => category !== result.category).map((category) => (
            <button
              type="button"
              key={category}
              class={`hc-tooltip__choice hc-category--${category}`}
              style={{ '--hc-category-color': contextColor(display, category) }}
              data-category={category}
              onClick={() => {
                // Focus stays inside the tooltip while the choices close: losing it would close the tooltip.
                wrong.current?.focus();
                setChoosing(false);
                onCorrect(category);
              }}
            >
              <span class="hc-tooltip__swatch" aria-hidden="true" />
              {contextName(display, category)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** A model's probability is never certainty: the tooltip says at most 99 %. */
export function displayedPercent(confidence: number): number {
  return Math.max(0, Math.min(99, Math.round(confidence * 100)));
}

function reasonLabel(reason: Reason): string {
  return reason.kind === 'tag' && !reason.label.startsWith('#') ? `#${reason.label}` : reason.label;
}

/** The sentence a screen reader hears as the hashtag link's description. */
export function describeForScreenReader(result: PostLabel, display: ContextDisplayByCategory = {}): string {
  const name = contextName(display, result.category);
  if (result.corrected) return t('tooltipDescriptionCorrected', name);
  const reasons = result.reasons.slice(0, 3).map(reasonLabel).join(', ');
  const head = t('tooltipDescription', [name, String(displayedPercent(result.confidence))]);
  return reasons ? `${head} ${t('tooltipBecause')} ${reasons}` : head;
}
