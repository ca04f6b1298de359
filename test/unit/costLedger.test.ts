import { randomUUID } from 'node:crypto';

import type { IExecuteFunctions } from 'n8n-workflow';

import {
	findJob,
	forgetJob,
	MAX_LEDGER_JOBS,
	openLedger,
	recordAccepted,
	recordCompleted,
	recordResult,
	type LedgerState,
} from '../../nodes/NanoBanana/cost/ledger';
import { TestExecution } from '../helpers/executeFunctions';
import { SharedExecution } from '../helpers/executionState';

const endpoint = 'fal-ai/nano-banana-2/edit';

/** A job that completed, its result fetched. */
function recordFinished(
	ledger: LedgerState,
	key: string,
	requestId: string,
	output: unknown = { images: [{ url: 'u' }] },
	fileLifetimeSeconds?: number,
) {
	recordResult(recordCompleted(ledger, key, endpoint, requestId, fileLifetimeSeconds), { output });
}

describe('finding finished jobs', () => {
	const state = (): LedgerState => ({ imagesRequested: 0, jobs: [] });

	it('finds the job of a key once fal reported it COMPLETED, before its result is fetched', () => {
		const ledger = state();
		recordAccepted(ledger, 'A', endpoint, 'r1');
		expect(findJob(ledger, 'A', 'completed')).toBeUndefined();
		expect(findJob(ledger, 'A', 'accepted')?.requestId).toBe('r1');
		recordCompleted(ledger, 'A', endpoint, 'r1');
		expect(findJob(ledger, 'A', 'completed')).toMatchObject({
			requestId: 'r1',
			state: 'completed',
		});
		expect(findJob(ledger, 'A', 'completed')?.output).toBeUndefined();
		expect(findJob(ledger, 'B', 'completed')).toBeUndefined();
		expect(findJob(ledger, undefined, 'completed')).toBeUndefined();
		expect(ledger.jobs).toHaveLength(1);
	});

	it('a later job of the same key replaces the earlier one, and a forgotten key finds none', () => {
		const ledger = state();
		recordFinished(ledger, 'A', 'r1');
		recordFinished(ledger, 'A', 'r2');
		expect(ledger.jobs.map((job) => job.requestId)).toEqual(['r2']);
		forgetJob(ledger, 'A');
		expect(findJob(ledger, 'A', 'completed')).toBeUndefined();
	});

	it('does not reuse a job whose images fal deletes before they could be downloaded again', () => {
		const ledger = state();
		recordFinished(ledger, 'A', 'short', undefined, 60);
		const now = Date.now();
		expect(findJob(ledger, 'A', 'completed', now)?.requestId).toBe('short');
		// 50 s later the one-minute files are about to go.
		expect(findJob(ledger, 'A', 'completed', now + 50_000)).toBeUndefined();
	});

	it('keeps fal result JSON but not a large one, and forgets the oldest jobs beyond the bound', () => {
		const ledger = state();
		recordFinished(ledger, 'big', 'big', {
			images: [{ url: `data:image/png;base64,${'A'.repeat(40_000)}` }],
		});
		expect(ledger.jobs[0].requestId).toBe('big');
		expect(ledger.jobs[0].output).toBeUndefined();
		for (let i = 0; i < MAX_LEDGER_JOBS + 5; i++) recordFinished(ledger, `k${i}`, `r${i}`);
		expect(ledger.jobs).toHaveLength(MAX_LEDGER_JOBS);
		expect(ledger.jobs[0].requestId).toBe('r5');
		expect(ledger.jobs.at(-1)?.output).toEqual({ images: [{ url: 'u' }] });
	});
});

describe('ledger lifetime', () => {
	function functions(execution?: SharedExecution, nodeName = 'Nano Banana'): IExecuteFunctions {
		const test = new TestExecution({ parameters: { prompt: 'x' } });
		const base = execution ? execution.wrap(test) : test.context();
		const node = base.getNode();
		return { ...base, getNode: () => ({ ...node, name: nodeName }) } as IExecuteFunctions;
	}

	it('is shared by the runs of a node in one execution and kept in n8n node context', () => {
		const execution = new SharedExecution();
		const ledger = openLedger(functions(execution));
		recordFinished(ledger, 'A', 'r1');
		expect(openLedger(functions(execution)).jobs.map((job) => job.requestId)).toEqual(['r1']);
		expect(JSON.stringify(execution.contextData['node:Nano Banana'])).toContain('r1');
		expect(openLedger(functions(execution, 'Other Node')).jobs).toEqual([]);
	});

	it('does not outlive its execution: another execution starts empty, also from copied run data', () => {
		const first = new SharedExecution();
		recordFinished(openLedger(functions(first)), 'A', 'r1');
		openLedger(functions(first)).imagesRequested = 5;
		expect(openLedger(functions(new SharedExecution())).jobs).toEqual([]);
		const copied = new SharedExecution(undefined, 'manual');
		Object.assign(copied.contextData, structuredClone(first.contextData));
		expect(openLedger(functions(copied))).toMatchObject({
			executionId: copied.executionId,
			jobs: [],
			imagesRequested: 0,
		});
	});

	it("is carried on by a retry from the Executions list (mode 'retry', the failed execution's data)", () => {
		const failed = new SharedExecution();
		recordFinished(openLedger(functions(failed)), 'A', 'r1');
		openLedger(functions(failed)).imagesRequested = 2;
		const retry = failed.retriedFromList();
		expect(retry.mode).toBe('retry');
		const ledger = openLedger(functions(retry));
		expect(ledger).toMatchObject({ executionId: retry.executionId, imagesRequested: 2 });
		expect(findJob(ledger, 'A', 'completed')?.requestId).toBe('r1');
		// The failed execution's own saved data is untouched.
		expect(openLedger(functions(failed)).executionId).toBe(failed.executionId);
	});

	it('without n8n node context, falls back to a store per execution id', () => {
		const id = randomUUID();
		const withId = () => ({ ...functions(), getExecutionId: () => id }) as IExecuteFunctions;
		recordFinished(openLedger(withId()), 'A', 'r1');
		expect(openLedger(withId()).jobs.map((job) => job.requestId)).toEqual(['r1']);
		const otherId = randomUUID();
		expect(
			openLedger({ ...functions(), getExecutionId: () => otherId } as IExecuteFunctions).jobs,
		).toEqual([]);
		// Without an execution id nothing can be told apart: nothing is kept.
		recordFinished(openLedger(functions()), 'A', 'r2');
		expect(openLedger(functions()).jobs).toEqual([]);
	});

	it('the fallback store keeps a bounded number of executions', () => {
		const first = randomUUID();
		const at = (id: string) => ({ ...functions(), getExecutionId: () => id }) as IExecuteFunctions;
		recordFinished(openLedger(at(first)), 'A', 'r1');
		for (let i = 0; i < 60; i++) openLedger(at(randomUUID()));
		expect(openLedger(at(first)).jobs).toEqual([]);
	});
});
