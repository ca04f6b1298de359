import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { falAbortError, falFailureOf } from './errors';
import { cancelRequest, fetchResult, type QueueRequest } from './queue';
import { isTransientFailure, withRetries } from './retry';
import { anySignal } from './signals';
import { submitJob } from './submit';
import type { FalConnection, FalContext, FalControls, FalJobLogger, FalJobResult } from './types';
import { waitForCompletion } from './wait';

const CANCEL_TIMEOUT_MS = 10_000;
/** Once fal has finished, each attempt to fetch the result gets this long, whatever the item's Timeout. */
export const RESULT_TIMEOUT_MS = 60_000;

export interface FalJobOptions {
	connection: FalConnection;
	/** e.g. `fal-ai/nano-banana` or `fal-ai/nano-banana-pro/edit`. */
	endpoint: string;
	input: IDataObject;
	/** The execution's stop (and a failed sibling's): the job is cancelled at fal. */
	signal?: AbortSignal;
	/** The item's Timeout in ms; it ends when fal reports the job finished. */
	timeoutMs: number;
	/** The item's deadline when it started earlier (reference uploads); else one is started here. */
	deadline?: AbortSignal;
	maxRetries: number;
	logger?: FalJobLogger;
	/** Called once fal has accepted the job and given its request id. */
	onAccepted?: (requestId: string) => void;
	/** Called once fal reports the job finished (paid), before its result is fetched. */
	onCompleted?: (requestId: string) => void;
	/** How long the status stream may stay silent before polling takes over. */
	silenceLimitMs?: number;
	/** How long a submit may go unanswered; SUBMIT_TIMEOUT_MS unless a test shortens it. */
	submitTimeoutMs?: number;
	/** Queue priority and file lifetime, sent with the submit. */
	controls?: FalControls;
}

/** What fal said to a cancel: stopped, already finished (so its result exists), or unknown. */
export type CancelOutcome = 'cancelled' | 'already-completed' | 'not-accepted';

/** Best effort: a job we gave up on must not keep running (and billing) at fal. */
export async function cancelJob(
	ctx: IExecuteFunctions,
	connection: FalConnection,
	request: QueueRequest,
	logger?: FalJobLogger,
): Promise<CancelOutcome> {
	return await withRetries(
		async () => await cancelRequest(ctx, connection, request, { timeoutMs: CANCEL_TIMEOUT_MS }),
		{ maxRetries: 1, shouldRetry: isTransientFailure, baseDelayMs: 250 },
	).then(
		(): CancelOutcome => {
			logger?.debug('fal request cancelled', { requestId: request.requestId });
			return 'cancelled';
		},
		(error: unknown): CancelOutcome => {
			// fal answers 400 with ALREADY_COMPLETED when the job finished before the cancel arrived.
			const completed = falFailureOf(error)?.queueStatus === 'ALREADY_COMPLETED';
			logger?.debug(
				completed ? 'fal had already finished the request' : 'fal cancel was not accepted',
				{
					requestId: request.requestId,
					reason: error instanceof Error ? error.message : String(error),
				},
			);
			return completed ? 'already-completed' : 'not-accepted';
		},
	);
}

/** What stopped the job, said once its request id (if any) is known. */
export function stoppedError(
	ctx: IExecuteFunctions,
	deadline: AbortSignal,
	timeoutMs: number,
	requestId: string | undefined,
	stage: 'before-submit' | 'at-fal' = 'at-fal',
) {
	const request = requestId ? ` (request ${requestId})` : '';
	if (deadline.aborted) {
		return falAbortError(
			ctx.getNode(),
			'timeout',
			stage === 'before-submit'
				? `The item did not reach fal within the timeout of ${Math.round(timeoutMs / 1000)} s (its images were still uploading); nothing was submitted`
				: `fal did not finish within the timeout of ${Math.round(timeoutMs / 1000)} s${request}; the request was cancelled`,
			requestId,
		);
	}
	return falAbortError(
		ctx.getNode(),
		'cancelled',
		stage === 'before-submit' || !requestId
			? 'The execution was stopped before this item was sent to fal'
			: 'The execution was stopped, so the fal request was cancelled',
		requestId,
	);
}

/**
 * Runs one fal queue job: submit, wait for completion, fetch the result.
 * Whatever stops it before fal finishes (execution stopped, timeout, a failure)
 * cancels the job at fal before the error is passed on. After fal has
 * finished, the item's Timeout no longer applies: the paid result is fetched
 * under its own limit, also when fal answers the cancel that it had already
 * finished.
 */
export async function runFalJob(
	ctx: IExecuteFunctions,
	options: FalJobOptions,
): Promise<FalJobResult> {
	const { connection, endpoint, maxRetries, logger } = options;
	const deadline = options.deadline ?? AbortSignal.timeout(options.timeoutMs);
	const stopped = anySignal(options.signal, deadline);
	let request: QueueRequest | undefined;
	let billableUnits: number | undefined;

	const untilFinished = async (): Promise<QueueRequest> => {
		if (stopped.aborted) throw stopped.reason;
		const submitted = await submitJob(ctx, {
			connection,
			endpoint,
			input: options.input,
			maxRetries,
			signal: stopped,
			logger,
			submitTimeoutMs: options.submitTimeoutMs,
			controls: options.controls,
		});
		request = submitted.request;
		billableUnits = submitted.billableUnits;
		options.onAccepted?.(request.requestId);
		if (stopped.aborted) throw stopped.reason;
		await waitForCompletion(ctx, {
			connection,
			request,
			signal: stopped,
			maxRetries,
			logger,
			silenceLimitMs: options.silenceLimitMs,
		});
		return request;
	};

	const finished = await untilFinished().catch(async (error: unknown) => {
		const outcome = request && (await cancelJob(ctx, connection, request, logger));
		// The job finished before the cancel arrived (the Timeout passed while the stream
		// stalled or between two polls): its result is paid for, so it is fetched, unless
		// the execution itself was stopped.
		if (request && outcome === 'already-completed' && !options.signal?.aborted) return request;
		if (stopped.aborted) throw stoppedError(ctx, deadline, options.timeoutMs, request?.requestId);
		throw error;
	});

	options.onCompleted?.(finished.requestId);
	const result = await fetchFinishedResult(ctx, connection, finished, {
		maxRetries,
		signal: options.signal,
	});
	return {
		requestId: finished.requestId,
		output: result.output,
		billableUnits: result.billableUnits ?? billableUnits,
	};
}

/**
 * The result of a job fal has finished (and billed): each attempt under its own limit, whatever
 * the item's Timeout; stopped only by the execution's stop.
 */
export async function fetchFinishedResult(
	ctx: FalContext,
	connection: FalConnection,
	request: QueueRequest,
	options: { maxRetries: number; signal?: AbortSignal },
): Promise<{ output: unknown; billableUnits?: number }> {
	const { signal } = options;
	return await withRetries(
		async () =>
			await fetchResult(ctx, connection, request, { signal, timeoutMs: RESULT_TIMEOUT_MS }),
		{ maxRetries: options.maxRetries, shouldRetry: isTransientFailure, signal },
	).catch((error: unknown) => {
		if (signal?.aborted && !falFailureOf(error)) {
			throw falAbortError(
				ctx.getNode(),
				'cancelled',
				`The execution was stopped while the result of the finished fal request ${request.requestId} was being fetched`,
				request.requestId,
			);
		}
		throw error;
	});
}
