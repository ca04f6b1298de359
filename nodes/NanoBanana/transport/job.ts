import type { FalClient } from '@fal-ai/client';

import { createClient, type FalConnection } from './client';
import { attachRequestId, FalAbortError } from './errors';
import { isSafeToResubmit, isTransientFailure, withRetries } from './retry';
import type { FalJobLogger } from './types';
import { waitForCompletion } from './wait';

/** A submit that hangs this long is given up (fal answers submits in well under a second). */
const SUBMIT_TIMEOUT_MS = 60_000;
const CANCEL_TIMEOUT_MS = 10_000;

export interface FalJobOptions {
	connection: FalConnection;
	/** e.g. `fal-ai/nano-banana` or `fal-ai/nano-banana/edit`. */
	endpoint: string;
	input: Record<string, unknown>;
	/** The execution's cancel signal: stopping the workflow cancels the job at fal. */
	signal?: AbortSignal;
	timeoutMs: number;
	maxRetries: number;
	logger?: FalJobLogger;
	/** Called once fal reports the job finished, before its result is fetched. */
	onCompleted?: () => void;
}

export interface FalJobResult {
	requestId: string;
	output: unknown;
	/** fal's `x-fal-billable-units` header on the result, when it sends one. */
	billableUnits?: number;
}

/** Best effort: a job we gave up on must not keep running (and billing) at fal. */
export async function cancelJob(
	connection: FalConnection,
	endpoint: string,
	requestId: string,
	logger?: FalJobLogger,
): Promise<void> {
	const client = createClient(connection);
	try {
		await withRetries(
			() =>
				client.queue.cancel(endpoint, {
					requestId,
					abortSignal: AbortSignal.timeout(CANCEL_TIMEOUT_MS),
				}),
			{ maxRetries: 1, shouldRetry: isTransientFailure, baseDelayMs: 250 },
		);
		logger?.debug('fal request cancelled', { requestId });
	} catch (error) {
		// 400 means it had already finished: nothing left to stop.
		logger?.debug('fal cancel was not accepted', {
			requestId,
			reason: error instanceof Error ? error.message : String(error),
		});
	}
}

async function submit(
	client: FalClient,
	options: FalJobOptions,
	jobSignal: AbortSignal,
): Promise<string> {
	const queued = await withRetries(
		() =>
			client.queue.submit(options.endpoint, {
				input: options.input,
				abortSignal: AbortSignal.timeout(SUBMIT_TIMEOUT_MS),
			}),
		{
			maxRetries: options.maxRetries,
			shouldRetry: isSafeToResubmit,
			signal: jobSignal,
			onRetry: (error, attempt, delayMs) =>
				options.logger?.debug('retrying fal submit', {
					attempt,
					delayMs,
					reason: error instanceof Error ? error.message : String(error),
				}),
		},
	);
	return queued.request_id;
}

function abortError(
	reason: 'cancelled' | 'timeout',
	timeoutMs: number,
	requestId: string | undefined,
): FalAbortError {
	const message =
		reason === 'timeout'
			? `fal did not finish within the timeout of ${Math.round(timeoutMs / 1000)} s${requestId ? ` (request ${requestId})` : ''}; the request was cancelled`
			: 'The execution was stopped, so the fal request was cancelled';
	return new FalAbortError(reason, message, requestId);
}

/**
 * Runs one fal queue job: submit, wait for completion, fetch the result.
 * Whatever stops it early (execution cancelled, timeout, a failure after
 * submit) cancels the job at fal before the error is passed on.
 */
export async function runFalJob(options: FalJobOptions): Promise<FalJobResult> {
	const { connection, endpoint, maxRetries, logger } = options;
	const controller = new AbortController();
	let requestId: string | undefined;
	let completed = false;

	// The reason says what stopped the job; the message is written once the request id is known.
	const onCancel = () => controller.abort(new FalAbortError('cancelled', 'cancelled'));
	const timer = setTimeout(
		() => controller.abort(new FalAbortError('timeout', 'timeout')),
		options.timeoutMs,
	);
	if (options.signal?.aborted) onCancel();
	else options.signal?.addEventListener('abort', onCancel, { once: true });

	try {
		if (controller.signal.aborted) throw controller.signal.reason;
		// The submit is not bound to the job signal: aborting it half-way could
		// leave a job running at fal that we hold no id for. Cancel it after.
		requestId = await submit(createClient(connection), options, controller.signal);
		if (controller.signal.aborted) throw controller.signal.reason;

		let billableUnits: number | undefined;
		const client = createClient(connection, controller.signal, (route, response) => {
			const units = Number(response.headers.get('x-fal-billable-units') ?? Number.NaN);
			if (route === 'result' && Number.isFinite(units)) billableUnits = units;
		});
		await waitForCompletion({
			client,
			endpoint,
			requestId,
			signal: controller.signal,
			maxRetries,
			logger,
		});
		completed = true;
		options.onCompleted?.();
		const id = requestId;
		const result = await withRetries(
			() => client.queue.result(endpoint, { requestId: id, abortSignal: controller.signal }),
			{
				maxRetries,
				shouldRetry: isTransientFailure,
				signal: controller.signal,
			},
		);
		return {
			requestId,
			output: result.data,
			...(billableUnits !== undefined ? { billableUnits } : {}),
		};
	} catch (error) {
		if (requestId && !completed) await cancelJob(connection, endpoint, requestId, logger);
		const reason: unknown = controller.signal.reason;
		if (controller.signal.aborted && reason instanceof FalAbortError) {
			throw abortError(reason.reason, options.timeoutMs, requestId);
		}
		throw attachRequestId(error, requestId);
	} finally {
		clearTimeout(timer);
		options.signal?.removeEventListener('abort', onCancel);
	}
}
