import { falFailureOf, NEVER_CONNECTED_CODES } from './errors';
import { wait } from './signals';

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

/** Status, result, cancel and storage calls change nothing at fal: retry transient failures. */
export function isTransientFailure(error: unknown): boolean {
	const failure = falFailureOf(error);
	if (failure?.kind === 'http') return TRANSIENT_STATUSES.has(failure.status ?? 0);
	return failure?.kind === 'network';
}

/**
 * A submit is paid. Retry it only when the failure shows fal did not take the
 * job: a rate limit (429) or a connection that was never made. A 5xx, a reset
 * or a timeout after sending may mean the job is running, and a blind re-submit pays twice.
 */
export function isSafeToResubmit(error: unknown): boolean {
	const failure = falFailureOf(error);
	if (failure?.kind === 'http') return failure.status === 429;
	if (failure?.kind === 'network') return NEVER_CONNECTED_CODES.has(failure.systemCode ?? '');
	return false;
}

/** Exponential backoff with jitter; a server's Retry-After wins when it gives one. */
export function backoffDelay(
	attempt: number,
	error: unknown,
	baseDelayMs: number,
	maxDelayMs: number,
): number {
	const retryAfterMs = falFailureOf(error)?.retryAfterMs;
	if (retryAfterMs !== undefined) return Math.min(retryAfterMs, maxDelayMs);
	const exponential = Math.min(baseDelayMs * 2 ** attempt, maxDelayMs);
	return Math.round(exponential * (0.5 + Math.random() * 0.5));
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

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
		const outcome: Outcome<T> = await operation().then(
			(value) => ({ ok: true, value }),
			(error: unknown) => ({ ok: false, error }),
		);
		if (outcome.ok) return outcome.value;
		const { error } = outcome;
		if (attempt >= maxRetries || signal?.aborted || !shouldRetry(error)) throw error;
		const delayMs = backoffDelay(attempt, error, baseDelayMs, maxDelayMs);
		onRetry?.(error, attempt + 1, delayMs);
		await wait(delayMs, signal);
	}
}
