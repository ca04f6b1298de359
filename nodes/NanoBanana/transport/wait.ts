import type { IExecuteFunctions } from 'n8n-workflow';

import type { BodyStream } from './http';
import { fetchStatus, openStatusStream, type QueueRequest } from './queue';
import { isTransientFailure, withRetries } from './retry';
import { anySignal, untilAborted, wait } from './signals';
import type { FalConnection, FalJobLogger, FalQueueUpdate } from './types';

/** A stream that says nothing this long is treated as dead, and we poll instead. */
export const STREAM_SILENCE_LIMIT_MS = 30_000;
const POLL_FIRST_MS = 200;
const POLL_MAX_MS = 2_000;
const STATUS_TIMEOUT_MS = 30_000;

export interface WaitOptions {
	connection: FalConnection;
	request: QueueRequest;
	signal: AbortSignal;
	maxRetries: number;
	logger?: FalJobLogger;
	/** How long the status stream may stay silent before we poll instead. */
	silenceLimitMs?: number;
}

/** The `data:` events of a server-sent event stream, parsed as JSON. */
function parseEvents(block: string): unknown[] {
	const data = block
		.split(/\r?\n/)
		.filter((line) => line.startsWith('data:'))
		.map((line) => line.slice(5).trim())
		.join('\n');
	if (!data) return [];
	try {
		return [JSON.parse(data) as unknown];
	} catch {
		return [];
	}
}

/**
 * Reads fal's status stream until it reports COMPLETED, which fal sends the
 * moment it knows. Resolves with why it stopped short otherwise.
 */
async function readUntilCompleted(
	stream: BodyStream,
	signal: AbortSignal,
	silenceLimitMs: number,
): Promise<'completed' | string> {
	const iterator = stream[Symbol.asyncIterator]();
	let pending = '';
	try {
		for (;;) {
			const silence = AbortSignal.timeout(silenceLimitMs);
			const next = await untilAborted(iterator.next(), anySignal(signal, silence));
			if (next.done) return 'the status stream ended before completion';
			pending += Buffer.isBuffer(next.value) ? next.value.toString('utf8') : String(next.value);
			const blocks = pending.split(/\r?\n\r?\n/);
			pending = blocks.pop() ?? '';
			for (const event of blocks.flatMap(parseEvents)) {
				if ((event as FalQueueUpdate | undefined)?.status === 'COMPLETED') return 'completed';
			}
		}
	} finally {
		stream.destroy();
	}
}

async function streamUntilCompleted(
	ctx: IExecuteFunctions,
	options: WaitOptions,
): Promise<'completed' | string> {
	const silenceLimitMs = options.silenceLimitMs ?? STREAM_SILENCE_LIMIT_MS;
	const stream = await openStatusStream(ctx, options.connection, options.request, {
		signal: options.signal,
		timeoutMs: silenceLimitMs,
	});
	if (typeof stream === 'string') return stream;
	return await readUntilCompleted(stream, options.signal, silenceLimitMs).catch(
		(error: unknown) => {
			if (options.signal.aborted) throw options.signal.reason;
			return error instanceof Error && error.name === 'TimeoutError'
				? 'the status stream went silent'
				: `the status stream failed: ${error instanceof Error ? error.message : String(error)}`;
		},
	);
}

async function pollUntilCompleted(ctx: IExecuteFunctions, options: WaitOptions): Promise<void> {
	const { connection, request, signal, maxRetries } = options;
	let interval = POLL_FIRST_MS;
	for (;;) {
		const update = await withRetries(
			async () =>
				await fetchStatus(ctx, connection, request, { signal, timeoutMs: STATUS_TIMEOUT_MS }),
			{ maxRetries, shouldRetry: isTransientFailure, signal },
		);
		if (update?.status === 'COMPLETED') return;
		await wait(interval, signal);
		interval = Math.min(Math.round(interval * 1.5), POLL_MAX_MS);
	}
}

/** Resolves when fal reports the job COMPLETED: by stream, or by polling if the stream fails. */
export async function waitForCompletion(
	ctx: IExecuteFunctions,
	options: WaitOptions,
): Promise<void> {
	const outcome = await streamUntilCompleted(ctx, options).catch((error: unknown) => {
		if (options.signal.aborted) throw options.signal.reason;
		return error instanceof Error ? error.message : String(error);
	});
	if (outcome === 'completed') return;
	options.logger?.debug('fal status stream failed; polling instead', {
		requestId: options.request.requestId,
		reason: outcome,
	});
	await pollUntilCompleted(ctx, options);
}
