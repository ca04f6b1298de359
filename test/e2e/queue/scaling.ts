import assert from 'node:assert/strict';
import { say } from '../../tooling/log';
import { WORKER_CONCURRENCY } from './n8n';
import type { QueueStack } from './stack';
import { prompts } from './prompts';
import { WEBHOOK } from './workflows';

/**
 * The same load for every measurement: this many webhook calls at once, 3 s at fal each — long
 * enough that the workers' concurrency, not this machine's two cores, sets the pace.
 */
export const SCALING_LOAD = { executions: 40, processingMs: 3000 };

/** First executions load the node and n8n's code paths; they are not part of a measurement. */
export async function warmUp(stack: QueueStack): Promise<void> {
	await stack.emu.control.setOptions({ processingMs: 200 });
	const answers = await Promise.all(
		prompts('warm-up', 10).map((prompt) => stack.api.webhook(WEBHOOK.generate, { prompt })),
	);
	const failed = answers.filter((answer) => answer.status !== 200);
	assert.equal(failed.length, 0, `warm-up: ${failed[0]?.bytes.toString()}`);
}

export interface Throughput {
	workers: number;
	executions: number;
	seconds: number;
	perMinute: number;
}

/** Fires the load and times it from the first request to the last answer. Printed, not asserted. */
export async function measureThroughput(stack: QueueStack, workers: number): Promise<Throughput> {
	await stack.emu.control.setOptions({ processingMs: SCALING_LOAD.processingMs });
	const list = prompts(`scaling-${workers}w`, SCALING_LOAD.executions);
	const started = Date.now();
	const answers = await Promise.all(
		list.map((prompt) => stack.api.webhook(WEBHOOK.generate, { prompt })),
	);
	const seconds = (Date.now() - started) / 1000;
	const failed = answers.filter((answer) => answer.status !== 200).length;
	assert.equal(failed, 0, `${failed} of ${list.length} measured executions failed`);
	const result = {
		workers,
		executions: list.length,
		seconds,
		perMinute: (list.length / seconds) * 60,
	};
	say(
		`  ${workers} worker${workers === 1 ? '' : 's'}: ${result.executions} executions in ${seconds.toFixed(1)} s = ${result.perMinute.toFixed(0)} per minute`,
	);
	return result;
}

export function scalingSummary(one: Throughput, two: Throughput): string {
	return `worker scaling: ${one.perMinute.toFixed(0)}/min with 1 worker, ${two.perMinute.toFixed(0)}/min with 2 (×${(two.perMinute / one.perMinute).toFixed(2)}); ${SCALING_LOAD.executions} concurrent webhook executions, 2 images each, ${SCALING_LOAD.processingMs} ms at fal, worker concurrency ${WORKER_CONCURRENCY}`;
}
