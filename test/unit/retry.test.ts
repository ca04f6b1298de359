import type { INode } from 'n8n-workflow';

import {
	falFailureOf,
	falHttpError,
	falNetworkError,
} from '../../nodes/NanoBanana/transport/errors';
import {
	backoffDelay,
	isSafeToResubmit,
	isTransientFailure,
	withRetries,
} from '../../nodes/NanoBanana/transport/retry';

const node = { name: 'Nano Banana' } as INode;
const http = (status: number, retryAfterMs?: number) =>
	falHttpError(node, { status, body: {}, route: 'submit', retryAfterMs });
const network = (systemCode: string | undefined) =>
	falNetworkError(node, { route: 'submit', reason: 'no answer', systemCode });
const statusOf = (error: unknown) => falFailureOf(error)?.status;

describe('retry rules', () => {
	it('re-submits a paid job only when fal cannot have taken it', () => {
		expect(isSafeToResubmit(http(429))).toBe(true);
		expect(isSafeToResubmit(network('ECONNREFUSED'))).toBe(true);
		for (const status of [500, 502, 503, 504, 408, 401, 422])
			expect(isSafeToResubmit(http(status))).toBe(false);
		expect(isSafeToResubmit(network('ECONNRESET'))).toBe(false);
		expect(isSafeToResubmit(network(undefined))).toBe(false);
	});

	it('retries reads on rate limits, 5xx and network failures, not on client errors', () => {
		for (const status of [429, 500, 502, 503, 504])
			expect(isTransientFailure(http(status))).toBe(true);
		for (const status of [400, 401, 403, 404, 422])
			expect(isTransientFailure(http(status))).toBe(false);
		expect(isTransientFailure(network('ECONNRESET'))).toBe(true);
		expect(isTransientFailure(new Error('boom'))).toBe(false);
	});

	it('honours Retry-After and otherwise backs off exponentially with jitter', () => {
		expect(backoffDelay(0, http(429, 2500), 1000, 30_000)).toBe(2500);
		expect(backoffDelay(0, http(429, 120_000), 1000, 30_000)).toBe(30_000);
		for (let attempt = 0; attempt < 4; attempt++) {
			const delay = backoffDelay(attempt, http(503), 1000, 30_000);
			expect(delay).toBeGreaterThanOrEqual(500 * 2 ** attempt);
			expect(delay).toBeLessThanOrEqual(1000 * 2 ** attempt);
		}
	});

	it('stops after maxRetries and reports the last error', async () => {
		let calls = 0;
		await expect(
			withRetries(
				async () => {
					calls++;
					throw http(503, 0);
				},
				{ maxRetries: 2, shouldRetry: isTransientFailure },
			).catch(statusOf),
		).resolves.toBe(503);
		expect(calls).toBe(3);
	});

	it('does not retry what the rule refuses', async () => {
		let calls = 0;
		await expect(
			withRetries(
				async () => {
					calls++;
					throw http(500, 0);
				},
				{ maxRetries: 3, shouldRetry: isSafeToResubmit },
			).catch(statusOf),
		).resolves.toBe(500);
		expect(calls).toBe(1);
	});

	it('stops waiting between attempts when aborted', async () => {
		const controller = new AbortController();
		const started = withRetries(
			async () => {
				throw http(503, 60_000);
			},
			{
				maxRetries: 3,
				shouldRetry: isTransientFailure,
				signal: controller.signal,
				maxDelayMs: 60_000,
			},
		);
		setTimeout(() => controller.abort(new Error('stopped')), 20);
		await expect(started).rejects.toThrow('stopped');
	});
});
