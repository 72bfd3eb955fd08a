import { CLASSIFY_PORT, parseClassifyPortMessage, type ClassifyPortAnswer, type ClassifyResponse, type Request, type ToolbarCountRequest } from '../messages';

/** The parts of a `runtime.Port` the background uses (Chrome's, Firefox's and the polyfill's agree on these). */
export interface ServedPort {
  name: string;
  sender?: { id?: string; tab?: { id?: number } };
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/**
 * Answers the classify batches a content script sends on its long-lived port (see `CLASSIFY_PORT`), and
 * shows the counts it sends there on the toolbar icon of the port's tab.
 * Only this extension's own scripts may connect; a port of another name is not ours to answer (left
 * to other `onConnect` listeners). Every batch with an id is answered, an invalid or failed one with
 * `null`, so the content script never waits for an answer that will not come; an answer for a port
 * that closed meanwhile (the tab navigated) is dropped.
 */
export function serveClassifyPort(
  port: ServedPort,
  extensionId: string,
  classify: (request: Extract<Request, { type: 'hc:classify' }>) => Promise<ClassifyResponse>,
  showCount: (tabId: number | undefined, request: ToolbarCountRequest) => Promise<void>,
): void {
  if (port.name !== CLASSIFY_PORT) return;
  if (port.sender?.id !== extensionId) return port.disconnect();
  let open = true;
  port.onDisconnect.addListener(() => {
    open = false;
  });
  port.onMessage.addListener((message) => {
    const parsed = parseClassifyPortMessage(message);
    if (!parsed) return;
    const reply = (response: ClassifyPortAnswer['response']) => {
      if (!open) return;
      try {
        port.postMessage({ id: parsed.id, response } satisfies ClassifyPortAnswer);
      } catch {
        open = false; // closed before its disconnect event reached us
      }
    };
    const { request } = parsed;
    if (!request) return reply(null);
    if (request.type === 'hc:toolbar-count') {
      return void showCount(port.sender?.tab?.id, request).then(
        () => reply({ ok: true }),
        () => reply(null),
      );
    }
    classify(request).then(reply, () => reply(null));
  });
}
