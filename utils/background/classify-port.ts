import { CLASSIFY_PORT, parseClassifyPortMessage, type ClassifyPortAnswer, type ClassifyResponse, type Request } from '../messages';

/** The parts of a `runtime.Port` the background uses (Chrome's, Firefox's and the polyfill's agree on these). */
export interface ServedPort {
  name: string;
  sender?: { id?: string };
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/**
 * Answers the classify batches a content script sends on its long-lived port (see `CLASSIFY_PORT`).
 * Only this extension's own scripts may connect; a port of another name is not ours to answer (left
 * to other `onConnect` listeners). Every batch with an id is answered, an invalid or failed one with
 * `null`, so the content script never waits for an answer that will not come; an answer for a port
 * that closed meanwhile (the tab navigated) is dropped.
 */
export function serveClassifyPort(
  port: ServedPort,
  extensionId: string,
  classify: (request: Extract<Request, { type: 'hc:classify' }>) => Promise<ClassifyResponse>,
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
    const reply = (response: ClassifyResponse | null) => {
      if (!open) return;
      try {
        port.postMessage({ id: parsed.id, response } satisfies ClassifyPortAnswer);
      } catch {
        open = false; // closed before its disconnect event reached us
      }
    };
    if (!parsed.request) return reply(null);
    classify(parsed.request).then(reply, () => reply(null));
  });
}
