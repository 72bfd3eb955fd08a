/** How long label changes are collected before the count goes to the toolbar icon: a timeline labels posts in bursts. */
export const TOOLBAR_COUNT_DELAY_MS = 500;

export interface ToolbarCountOptions {
  /** Posts labelled on the page the reader is on now. */
  count(): number;
  /** Sends the count, and whether the reader wants it on the icon (the icon's title says it either way). */
  send(count: number, shown: boolean): void;
  delayMs?: number;
}

/**
 * Keeps the toolbar icon's count of the page's sorted posts current, so a reader sees at a glance that the
 * extension is at work on the page: one message at most every {@link TOOLBAR_COUNT_DELAY_MS}, and only when
 * what the icon shows would change.
 */
export function createToolbarCount({ count, send, delayMs = TOOLBAR_COUNT_DELAY_MS }: ToolbarCountOptions) {
  let shown = true;
  let last: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const report = () => {
    timer = undefined;
    const now = count();
    const state = `${now}:${shown}`;
    if (state === last) return;
    last = state;
    send(now, shown);
  };
  return {
    /** Labels or the page changed: the count goes out after the delay, with whatever else changes meanwhile. */
    changed(): void {
      timer ??= setTimeout(report, delayMs);
    },
    /** The reader's choice on the options page; the icon follows at once. */
    setShown(next: boolean): void {
      shown = next;
      clearTimeout(timer);
      report();
    },
    /** The browser forgot what the icon showed (the page came back from the back/forward cache): send it again. */
    resend(): void {
      last = null;
      clearTimeout(timer);
      report();
    },
    stop(): void {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
