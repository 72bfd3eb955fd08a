import { browser } from 'wxt/browser';
import {
  isContextId,
  type CorrectionListResponse,
  type CorrectionSummary,
  type ExportResponse,
  type ImportMode,
  type ImportResponse,
  type Request,
  type StorageStatusResponse,
} from '@/utils/messages';
import type { BackupProblem } from '@/utils/store/backup';

/** The options page's requests to the background; answers are checked, never trusted. */
async function send(request: Request): Promise<unknown> {
  return browser.runtime.sendMessage(request);
}

export async function listCorrections(): Promise<CorrectionSummary[]> {
  const response = (await send({ type: 'hc:list-corrections' })) as Partial<CorrectionListResponse> | undefined;
  if (!Array.isArray(response?.corrections)) throw new Error('no list of corrections');
  return response.corrections.filter(
    (c): c is CorrectionSummary =>
      typeof c?.postKey === 'string' && typeof c.text === 'string' && isContextId(c.category) && typeof c.createdAt === 'number',
  );
}

async function expectOk(request: Request): Promise<void> {
  const response = (await send(request)) as { ok?: unknown } | undefined;
  if (response?.ok !== true) throw new Error(`${request.type} failed`);
}

export const undoCorrection = (postKey: string) => expectOk({ type: 'hc:undo-correction', postKey });
export const clearCorrections = () => expectOk({ type: 'hc:clear-corrections' });
export const clearCache = () => expectOk({ type: 'hc:clear-cache' });

/** The backup file's text, as the background made it. */
export async function exportBackupText(): Promise<string> {
  const response = (await send({ type: 'hc:export' })) as Partial<ExportResponse> | undefined;
  if (typeof response?.json !== 'string') throw new Error('no backup from the background');
  return response.json;
}

/** Asks the background to store a backup file; its answer says what was imported or what is wrong. */
export async function importBackupText(json: string, mode: ImportMode): Promise<ImportResponse> {
  const response = (await send({ type: 'hc:import', json, mode })) as Record<string, unknown> | undefined;
  if (response?.ok === true && typeof response.corrections === 'number' && typeof response.tags === 'number') {
    return { ok: true, corrections: response.corrections, tags: response.tags, contexts: typeof response.contexts === 'number' ? response.contexts : 0 };
  }
  if (response?.ok === false && isProblem(response.problem)) return { ok: false, problem: response.problem };
  throw new Error('hc:import failed');
}

/** Whether the background keeps data only in memory (IndexedDB could not be opened). */
export async function storageIsMemoryOnly(): Promise<boolean> {
  const response = (await send({ type: 'hc:storage-status' })) as Partial<StorageStatusResponse> | undefined;
  return response?.inMemoryOnly === true;
}

function isProblem(value: unknown): value is BackupProblem {
  const { message, values } = (value ?? {}) as Partial<BackupProblem>;
  return typeof message === 'string' && Array.isArray(values) && values.every((item) => typeof item === 'string' || typeof item === 'number');
}
