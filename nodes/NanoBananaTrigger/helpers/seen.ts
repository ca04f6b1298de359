import type { IDataObject } from 'n8n-workflow';

/**
 * The request ids this trigger has started executions for, kept in the workflow's static data:
 * n8n saves static data changed in `webhook()` after answering (both lines, production webhooks),
 * so the memory survives restarts. fal retries for two hours; a day and a bounded count is ample.
 */

export const SEEN_LIMIT = 2_000;
export const SEEN_TTL_MS = 24 * 60 * 60 * 1000;
const FIELD = 'falRequestIds';

type Seen = Record<string, number>;

function seenOf(staticData: IDataObject): Seen {
	const value = staticData[FIELD];
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Seen) : {};
}

export function alreadySeen(staticData: IDataObject, requestId: string): boolean {
	return seenOf(staticData)[requestId] !== undefined;
}

/** Remembers `requestId`, forgetting the oldest beyond the limit and anything past a day. */
export function remember(staticData: IDataObject, requestId: string, now = Date.now()): void {
	const entries = Object.entries(seenOf(staticData)).filter(([, at]) => now - at < SEEN_TTL_MS);
	entries.push([requestId, now]);
	entries.sort((a, b) => a[1] - b[1]);
	// A new object assigned, so n8n's change tracking marks the static data for saving.
	staticData[FIELD] = Object.fromEntries(entries.slice(-SEEN_LIMIT));
}
