import type { FalClient } from '@fal-ai/client';

import { isTransientFailure, sleep, withRetries } from './retry';
import type { FalJobLogger, FalQueueUpdate } from './types';

/** A stream that says nothing this long is treated as dead, and we poll instead. */
const STREAM_SILENCE_LIMIT_MS = 30_000;
const POLL_FIRST_MS = 200;
const POLL_MAX_MS = 2_000;

export interface WaitOptions {
	client: FalClient;
	endpoint: string;
	requestId: string;
	signal: AbortSignal;
	maxRetries: number;
	logger?: FalJobLogger;
}

/**
 * Follows fal's status stream, which reports COMPLETED the moment fal knows
 * it. The client's own subscribe() is avoided on purpose: its timeout keeps
 * polling after rejecting, or throws inside a timer in streaming mode.
 */
async function streamUntilCompleted(options: WaitOptions): Promise<FalQueueUpdate> {
	const { client, endpoint, requestId, signal } = options;
	const stream = await client.queue.streamStatus(endpoint, { requestId, logs: true });
	return await new Promise<FalQueueUpdate>((resolve, reject) => {
		let settled = false;
		let silenceTimer: NodeJS.Timeout | undefined;
		const finish = (settle: () => void) => {
			if (settled) return;
			settled = true;
			clearTimeout(silenceTimer);
			signal.removeEventListener('abort', onAbort);
			stream.abort();
			settle();
		};
		const watchSilence = () => {
			clearTimeout(silenceTimer);
			silenceTimer = setTimeout(
				() => finish(() => reject(new Error('status stream went silent'))),
				STREAM_SILENCE_LIMIT_MS,
			);
		};
		const onAbort = () => finish(() => reject(signal.reason));
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		watchSilence();

		stream.on('data', (data: unknown) => {
			const update = data as FalQueueUpdate;
			watchSilence();
			if (update?.status === 'COMPLETED') finish(() => resolve(update));
		});
		// done() resolves with the last event when the server closes the stream.
		stream.done().then(
			(last: unknown) => {
				const update = last as FalQueueUpdate | undefined;
				if (update?.status === 'COMPLETED') finish(() => resolve(update));
				else finish(() => reject(new Error('status stream ended before completion')));
			},
			(error: unknown) => finish(() => reject(error)),
		);
	});
}

async function pollUntilCompleted(options: WaitOptions): Promise<FalQueueUpdate> {
	const { client, endpoint, requestId, signal, maxRetries } = options;
	let interval = POLL_FIRST_MS;
	for (;;) {
		const update = (await withRetries(
			() => client.queue.status(endpoint, { requestId, logs: true, abortSignal: signal }),
			{ maxRetries, shouldRetry: isTransientFailure, signal },
		)) as FalQueueUpdate;
		if (update.status === 'COMPLETED') return update;
		await sleep(interval, signal);
		interval = Math.min(Math.round(interval * 1.5), POLL_MAX_MS);
	}
}

/** Resolves when fal reports the job COMPLETED: by stream, or by polling if the stream fails. */
export async function waitForCompletion(options: WaitOptions): Promise<FalQueueUpdate> {
	try {
		return await streamUntilCompleted(options);
	} catch (error) {
		if (options.signal.aborted) throw options.signal.reason;
		options.logger?.debug('fal status stream failed; polling instead', {
			requestId: options.requestId,
			reason: error instanceof Error ? error.message : String(error),
		});
	}
	return await pollUntilCompleted(options);
}
