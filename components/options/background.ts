import { browser } from 'wxt/browser';
import { isCategoryId, type CorrectionListResponse, type CorrectionSummary, type Request } from '@/utils/messages';

/** The options page's requests to the background; answers are checked, never trusted. */
async function send(request: Request): Promise<unknown> {
  return browser.runtime.sendMessage(request);
}

export async function listCorrections(): Promise<CorrectionSummary[]> {
  const response = (await send({ type: 'hc:list-corrections' })) as Partial<CorrectionListResponse> | undefined;
  if (!Array.isArray(response?.corrections)) throw new Error('no list of corrections');
  return response.corrections.filter(
    (c): c is CorrectionSummary =>
      typeof c?.postKey === 'string' && typeof c.text === 'string' && isCategoryId(c.category) && typeof c.createdAt === 'number',
  );
}

async function expectOk(request: Request): Promise<void> {
  const response = (await send(request)) as { ok?: unknown } | undefined;
  if (response?.ok !== true) throw new Error(`${request.type} failed`);
}

export const undoCorrection = (postKey: string) => expectOk({ type: 'hc:undo-correction', postKey });
export const clearCorrections = () => expectOk({ type: 'hc:clear-corrections' });
export const clearCache = () => expectOk({ type: 'hc:clear-cache' });
