import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { PageDriver } from './browser-session';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in the page (extension pages included: the drivers evaluate through the browsers'
 * automation protocols, which the pages' CSP does not govern) and returns serious and critical
 * violations. `include` limits the check to elements (a shadow host includes its open shadow root).
 */
export async function seriousViolations(page: PageDriver, include?: string): Promise<AxeViolation[]> {
  // The drivers send a function's source text: this one is axe-core's source, then the run.
  const inject = Object.assign(() => undefined, {
    toString: () => `() => { if (!window.axe) { ${AXE_SOURCE}\n } return true; }`,
  });
  await page.evaluate(inject);
  return page.evaluateWith(async (selector) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    // Colours are judged as the reader ends up seeing them: fades (the tooltip's fade-in) are run to
    // their end first. document.getAnimations() leaves out shadow trees, so each shadow root is asked too.
    const roots: (Document | ShadowRoot)[] = [document];
    for (const element of document.querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
    for (const root of roots) {
      for (const animation of root.getAnimations()) {
        if (animation.effect?.getComputedTiming().endTime !== Infinity) animation.finish();
      }
    }
    const context = selector ? { include: [[selector]] } : document;
    const { violations } = await axe.run(context, { resultTypes: ['violations'] });
    // Plain data made in this page (Firefox cannot return objects axe built from wrapped ones).
    return JSON.parse(JSON.stringify(violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }))));
  }, include ?? null);
}
