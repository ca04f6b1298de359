/**
 * fal's request headers the emulator honours (fal's client `headers.ts`): queue priority on
 * submit, and the object lifecycle preference on submit (files the job makes) and on storage
 * upload initiate (the file uploaded).
 */
export const QUEUE_PRIORITY_HEADER = 'x-fal-queue-priority';
export const LIFECYCLE_HEADER = 'x-fal-object-lifecycle-preference';

export type QueuePriority = 'normal' | 'low';

export type HeaderReading<T> = { value: T } | { error: string };

/** `low` or `normal` (the default when absent). */
export function readQueuePriority(headers: Record<string, string>): HeaderReading<QueuePriority> {
	const raw = headers[QUEUE_PRIORITY_HEADER];
	if (raw === undefined) return { value: 'normal' };
	if (raw === 'low' || raw === 'normal') return { value: raw };
	return { error: `Invalid ${QUEUE_PRIORITY_HEADER} header "${raw}": expected low or normal` };
}

/** `{"expiration_duration_seconds": N}` → N; undefined when the header is absent. */
export function readLifetimeSeconds(
	headers: Record<string, string>,
): HeaderReading<number | undefined> {
	const raw = headers[LIFECYCLE_HEADER];
	if (raw === undefined) return { value: undefined };
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		return { error: `Invalid ${LIFECYCLE_HEADER} header: not JSON (${raw})` };
	}
	const seconds =
		typeof parsed === 'object' && parsed !== null
			? (parsed as Record<string, unknown>).expiration_duration_seconds
			: undefined;
	if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds <= 0) {
		return {
			error: `Invalid ${LIFECYCLE_HEADER} header: expiration_duration_seconds must be a positive integer (${raw})`,
		};
	}
	return { value: seconds };
}

/** When a file kept for `lifetimeSeconds` from `now` expires; undefined = kept. */
export function expiryOf(now: number, lifetimeSeconds: number | undefined): number | undefined {
	return lifetimeSeconds === undefined ? undefined : now + lifetimeSeconds * 1000;
}
