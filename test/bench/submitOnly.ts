import { performance } from 'node:perf_hooks';

import { NanoBanana } from './approaches/loadNode';
import { generateExecution } from './approaches/ours';
import type { ApproachContext } from './approaches/types';
import type { EmulatorProcess } from './emulator';
import { times } from './format';

export const SUBMIT_ITEMS = 100;

export interface SubmitOnlyResult {
	tMs: number;
	items: number;
	/** Wall time of the node's run over all items, ms: Wait for Result off, then on. */
	submitOnlyMs: number;
	waitMs: number;
}

/** One run of the node over `count` items, at its default concurrency, as a user leaves it. */
async function runNode(
	ctx: ApproachContext,
	count: number,
	waitForResult: boolean,
): Promise<number> {
	const execution = generateExecution(ctx, count, { waitForResult });
	const started = performance.now();
	const [output] = await new NanoBanana().execute.call(execution.context());
	const ms = performance.now() - started;
	const done = output.filter((item) => (waitForResult ? item.binary?.data : item.json.requestId));
	if (done.length !== count) throw new Error(`the node returned ${done.length} of ${count} items`);
	return ms;
}

/**
 * 100 items with Wait for Result off (submit and return) and on (wait, fetch, download), the same
 * node and emulator, processing time T: how long the execution holds per item either way.
 */
export async function measureSubmitOnly(
	emulator: EmulatorProcess,
	ctx: ApproachContext,
	tMs: number,
	progress: (line: string) => void,
): Promise<SubmitOnlyResult> {
	await emulator.set({ processingMs: tMs });
	await runNode(ctx, 4, false); // warm-up
	const submitOnlyMs = await runNode(ctx, SUBMIT_ITEMS, false);
	progress(`submit only: ${SUBMIT_ITEMS} items in ${Math.round(submitOnlyMs)} ms`);
	const waitMs = await runNode(ctx, SUBMIT_ITEMS, true);
	progress(`wait for result: ${SUBMIT_ITEMS} items in ${Math.round(waitMs)} ms`);
	return { tMs, items: SUBMIT_ITEMS, submitOnlyMs, waitMs };
}

export function submitOnlyLines(result: SubmitOnlyResult): string[] {
	const perItem = (ms: number) => `${(ms / result.items).toFixed(1)} ms`;
	return [
		`${result.items} items through the node, default concurrency, T = ${result.tMs} ms: time the execution is held, per item.`,
		'',
		'| Wait for Result | Per item | Whole run | vs off |',
		'| --- | ---: | ---: | --- |',
		`| Off (submit, return the request id) | ${perItem(result.submitOnlyMs)} | ${Math.round(result.submitOnlyMs)} ms | — |`,
		`| On (wait, fetch, download) | ${perItem(result.waitMs)} | ${Math.round(result.waitMs)} ms | ${times(result.waitMs / result.submitOnlyMs)} |`,
	];
}
