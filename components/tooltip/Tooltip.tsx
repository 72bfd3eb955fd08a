import type { Classification, Reason } from '@/utils/classifier/types';
import { categoryName, t } from '@/utils/i18n';

export interface TooltipProps {
  id: string;
  result: Classification;
  /** Where to draw, in viewport coordinates (the tooltip is `position: fixed`). */
  position: { top: number; left: number; placement: 'above' | 'below' };
  onPointerEnter: () => void;
  onPointerLeave: () => void;
}

export function Tooltip({ id, result, position, onPointerEnter, onPointerLeave }: TooltipProps) {
  const percent = displayedPercent(result.confidence);
  return (
    <div
      id={id}
      role="tooltip"
      class={`hc-tooltip hc-tooltip--${position.placement} hc-category--${result.category}`}
      style={{ top: `${position.top}px`, left: `${position.left}px` }}
      onPointerEnter={onPointerEnter}
      onPointerLeave={onPointerLeave}
    >
      <div class="hc-tooltip__head">
        <span class="hc-tooltip__swatch" aria-hidden="true" />
        <strong class="hc-tooltip__category">{categoryName(result.category)}</strong>
        <span class="hc-tooltip__confidence">{t('tooltipConfidence', String(percent))}</span>
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
export function describeForScreenReader(result: Classification): string {
  const reasons = result.reasons.slice(0, 3).map(reasonLabel).join(', ');
  const head = t('tooltipDescription', [categoryName(result.category), String(displayedPercent(result.confidence))]);
  return reasons ? `${head} ${t('tooltipBecause')} ${reasons}` : head;
}
