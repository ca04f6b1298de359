/*
 * Waiting without timers of our own: n8n's community-node rules forbid
 * setTimeout, and AbortSignal.timeout gives an abortable wait on both n8n lines.
 */

/** Resolves after `ms`; rejects with the signal's reason as soon as it aborts. */
export async function wait(ms: number, signal?: AbortSignal): Promise<void> {
	const timer = AbortSignal.timeout(Math.max(0, ms));
	const either = signal ? AbortSignal.any([signal, timer]) : timer;
	if (!either.aborted) {
		await new Promise<void>((resolve) =>
			either.addEventListener('abort', () => resolve(), { once: true }),
		);
	}
	if (signal?.aborted) throw signal.reason;
}

/**
 * Settles like `promise`, or rejects with the signal's reason once it aborts.
 * n8n's authenticated request helper binds every request to the execution's
 * own cancel signal, so a job's own stop (timeout, a failed sibling) can only
 * stop the waiting; the late answer is then dropped (and `onLate` cleans it up).
 */
export async function untilAborted<T>(
	promise: Promise<T>,
	signal: AbortSignal | undefined,
	onLate?: (value: T) => void,
): Promise<T> {
	if (!signal) return await promise;
	return await new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(signal.reason);
		if (signal.aborted) onAbort();
		else signal.addEventListener('abort', onAbort, { once: true });
		promise.then(
			(value) => {
				signal.removeEventListener('abort', onAbort);
				if (signal.aborted) onLate?.(value);
				else resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			},
		);
	});
}

/** One signal that aborts when any of the given ones does. */
export function anySignal(...signals: Array<AbortSignal | undefined>): AbortSignal {
	const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
	return present.length === 1 ? present[0] : AbortSignal.any(present);
}
