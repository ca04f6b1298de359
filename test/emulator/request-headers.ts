/**
 * fal's request headers the emulator honours (fal's client `headers.ts`, `storage.ts`): queue
 * priority on submit, and the object lifecycle on submit (files the job makes) and on storage
 * upload initiate (the file uploaded).
 */
export const QUEUE_PRIORITY_HEADER = 'x-fal-queue-priority';
export const LIFECYCLE_HEADER = 'x-fal-object-lifecycle-preference';
/**
 * fal-js's `initiateUpload` sends the lifecycle under this name (fal's Python client too, for its
 * CDN upload); the Python client's storage fallback sends LIFECYCLE_HEADER. Initiate reads both.
 */
export const UPLOAD_LIFECYCLE_HEADER = 'x-fal-object-lifecycle';

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
	name: string = LIFECYCLE_HEADER,
): HeaderReading<number | undefined> {
	const raw = headers[name];
	if (raw === undefined) return { value: undefined };
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		return { error: `Invalid ${name} header: not JSON (${raw})` };
	}
	const seconds =
		typeof parsed === 'object' && parsed !== null
			? (parsed as Record<string, unknown>).expiration_duration_seconds
			: undefined;
	if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds <= 0) {
		return {
			error: `Invalid ${name} header: expiration_duration_seconds must be a positive integer (${raw})`,
		};
	}
	return { value: seconds };
}

/** The upload's lifetime and the header that set it (fal-js's name first). */
export function readUploadLifetime(
	headers: Record<string, string>,
): HeaderReading<{ seconds: number; header: string } | undefined> {
	for (const name of [UPLOAD_LIFECYCLE_HEADER, LIFECYCLE_HEADER]) {
		const reading = readLifetimeSeconds(headers, name);
		if ('error' in reading) return reading;
		if (reading.value !== undefined) return { value: { seconds: reading.value, header: name } };
	}
	return { value: undefined };
}

/** When a file kept for `lifetimeSeconds` from `now` expires; undefined = kept. */
export function expiryOf(now: number, lifetimeSeconds: number | undefined): number | undefined {
	return lifetimeSeconds === undefined ? undefined : now + lifetimeSeconds * 1000;
}
