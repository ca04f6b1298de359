import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { submitHeaders } from './controls';
import { submitRequest, type QueueRequest } from './queue';
import { isSafeToResubmit, withRetries } from './retry';
import type { FalConnection, FalControls, FalJobLogger } from './types';

/** A submit that hangs this long is given up (fal answers submits in well under a second). */
export const SUBMIT_TIMEOUT_MS = 60_000;

export interface SubmitOptions {
	connection: FalConnection;
	endpoint: string;
	input: IDataObject;
	maxRetries: number;
	/** Ends the waits between retries; never a submit already sent. */
	signal?: AbortSignal;
	logger?: FalJobLogger;
	/** How long a submit may go unanswered; SUBMIT_TIMEOUT_MS unless a test shortens it. */
	submitTimeoutMs?: number;
	/** Queue priority and file lifetime, sent with the submit. */
	controls?: FalControls;
	/** Where fal POSTs the result when the job ends (`fal_webhook`). */
	webhookUrl?: string;
}

/**
 * Puts one job in fal's queue. Retried only when fal cannot have started it, so a retry never
 * pays twice. The submit is not bound to the signal: aborting it half-way could leave a job
 * running at fal that we hold no id for.
 */
export async function submitJob(
	ctx: IExecuteFunctions,
	options: SubmitOptions,
): Promise<{ request: QueueRequest; billableUnits?: number }> {
	const { connection, endpoint, logger } = options;
	return await withRetries(
		async () =>
			await submitRequest(ctx, connection, endpoint, options.input, {
				timeoutMs: options.submitTimeoutMs ?? SUBMIT_TIMEOUT_MS,
				headers: submitHeaders(options.controls),
				webhookUrl: options.webhookUrl,
			}),
		{
			maxRetries: options.maxRetries,
			shouldRetry: isSafeToResubmit,
			signal: options.signal,
			onRetry: (error, attempt, delayMs) =>
				logger?.debug('retrying fal submit', {
					attempt,
					delayMs,
					reason: error instanceof Error ? error.message : String(error),
				}),
		},
	);
}
