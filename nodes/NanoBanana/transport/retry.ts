import { FalHttpError, FalNetworkError } from './errors';

export interface RetryOptions {
	/** Retries after the first attempt. */
	maxRetries: number;
	shouldRetry: (error: unknown) => boolean;
	signal?: AbortSignal;
	baseDelayMs?: number;
	maxDelayMs?: number;
	onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Codes that prove the connection never reached fal, so no job can exist. */
const NEVER_CONNECTED_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

/** Status, result, cancel and storage calls change nothing at fal: retry transient failures. */
export function isTransientFailure(error: unknown): boolean {
	if (error instanceof FalHttpError) return TRANSIENT_STATUSES.has(error.status);
	return error instanceof FalNetworkError;
}

/**
 * A submit is paid. Retry it only when the failure shows fal did not take the
 * job: a rate limit (429) or a connection that was never made. A 5xx or a reset
 * after sending may mean the job is running, and a blind re-submit pays twice.
 */
export function isSafeToResubmit(error: unknown): boolean {
	if (error instanceof FalHttpError) return error.status === 429;
	if (error instanceof FalNetworkError)
		return !!error.systemCode && NEVER_CONNECTED_CODES.has(error.systemCode);
	return false;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(signal.reason);
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal?.reason);
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

/** Exponential backoff with jitter; a server's Retry-After wins when it gives one. */
export function backoffDelay(
	attempt: number,
	error: unknown,
	baseDelayMs: number,
	maxDelayMs: number,
): number {
	if (error instanceof FalHttpError && error.retryAfterMs !== undefined) {
		return Math.min(error.retryAfterMs, maxDelayMs);
	}
	const exponential = Math.min(baseDelayMs * 2 ** attempt, maxDelayMs);
	return Math.round(exponential * (0.5 + Math.random() * 0.5));
}

export async function withRetries<T>(
	operation: () => Promise<T>,
	options: RetryOptions,
): Promise<T> {
	const {
		maxRetries,
		shouldRetry,
		signal,
		baseDelayMs = 1000,
		maxDelayMs = 30_000,
		onRetry,
	} = options;
	for (let attempt = 0; ; attempt++) {
		try {
			return await operation();
		} catch (error) {
			if (attempt >= maxRetries || signal?.aborted || !shouldRetry(error)) throw error;
			const delayMs = backoffDelay(attempt, error, baseDelayMs, maxDelayMs);
			onRetry?.(error, attempt + 1, delayMs);
			await sleep(delayMs, signal);
		}
	}
}
