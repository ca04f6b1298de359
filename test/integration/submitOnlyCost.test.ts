import type { FalEmulator } from '../emulator';
import { useEmulator } from '../helpers/emulator';
import { rows } from '../helpers/items';
import {
	runInExecution,
	runInExecutionExpectingError,
	SharedExecution,
} from '../helpers/executionState';
import { runNode } from '../helpers/runNode';

let emulator: FalEmulator;
useEmulator({ processingMs: 10 }, (started) => (emulator = started));

const noWait = { prompt: '={{ $json.p }}', waitForResult: false };
const paid = () => emulator.submissions().length;
const refuseNextSubmit = () =>
	emulator.failNext('submit', { kind: 'http', status: 400, body: { detail: 'Bad request' } });

describe('Wait for Result off: what is paid', () => {
	it("a loop's next pass counts its submitted images against Max Images per Execution, before anything is sent", async () => {
		const execution = new SharedExecution();
		const parameters = { ...noWait, numImages: 2, options: { maxImagesPerExecution: 3 } };
		await runInExecution(emulator, execution, parameters, { items: rows('first') });
		const error = await runInExecutionExpectingError(emulator, execution, parameters, {
			items: rows('second'),
		});
		expect(error.message).toBe(
			'This item would bring the images requested in this execution to 4, over the "Max Images per Execution" cap of 3 [item 0]',
		);
		expect(paid()).toBe(1);
	});

	it('Retry On Fail returns the request fal accepted on the failed try, outside the cap; the refused item gave its image back', async () => {
		const execution = new SharedExecution();
		// Cap 2 for 2 items: a refused submit still counted, or the accepted one counted twice, would fail the retry.
		const parameters = {
			...noWait,
			options: { concurrency: 1, maxRetries: 0, maxImagesPerExecution: 2 },
		};
		const settings = { items: rows('first', 'second'), retryOnFail: true };
		refuseNextSubmit();
		const error = await runInExecutionExpectingError(emulator, execution, parameters, settings);
		expect(error.message).toMatch(/Bad request.*\[item 0\]/);
		const [second] = emulator.submissions();
		expect(second.input.prompt).toBe('second');

		const { output } = await runInExecution(emulator, execution, parameters, {
			...settings,
			as: 'retry',
		});
		const jobs = emulator.submissions();
		expect(jobs.map((job) => job.input.prompt)).toEqual(['second', 'first']);
		expect(output.map((item) => [item.json.requestId, item.pairedItem])).toEqual([
			[jobs[1].requestId, { item: 0 }],
			[second.requestId, { item: 1 }],
		]);
		expect(output.map((item) => item.json.reusedRequestId)).toEqual([undefined, second.requestId]);
		expect(output[1].json.statusUrl).toBe(
			`https://queue.fal.run/fal-ai/nano-banana/requests/${second.requestId}/status`,
		);
	});

	it('a loop pass with an identical request submits again; a Retry On Fail try does not', async () => {
		const execution = new SharedExecution();
		const parameters = { ...noWait, options: { concurrency: 1, maxRetries: 0 } };
		const settings = { items: rows('same', 'same'), retryOnFail: true };
		refuseNextSubmit();
		await runInExecutionExpectingError(emulator, execution, parameters, settings);
		expect(paid()).toBe(1);

		// Retry On Fail: the same run again. Only the refused item is sent.
		const { output: retried } = await runInExecution(emulator, execution, parameters, {
			...settings,
			as: 'retry',
		});
		expect(paid()).toBe(2);
		const [accepted, resent] = emulator.submissions();
		expect(retried.map((item) => item.json.requestId)).toEqual([
			resent.requestId,
			accepted.requestId,
		]);

		// Loop Over Items' next pass (a new run): the same prompts are new requests.
		const { output: nextPass } = await runInExecution(emulator, execution, parameters, settings);
		expect(paid()).toBe(4);
		expect(nextPass.map((item) => item.json.reusedRequestId)).toEqual([undefined, undefined]);
		const ids = new Set([...retried, ...nextPass].map((item) => item.json.requestId));
		expect(ids.size).toBe(4);
		expect(emulator.submissions().every((job) => job.input.prompt === 'same')).toBe(true);
	});

	it('a retry from the Executions list returns what fal accepted in the failed execution', async () => {
		const failed = new SharedExecution();
		const parameters = { ...noWait, options: { concurrency: 1, maxRetries: 0 } };
		const settings = { items: rows('first', 'second') };
		// The first submit is answered as usual, the second refused: the execution fails.
		emulator.failNext('submit', { kind: 'delay', ms: 0 });
		refuseNextSubmit();
		const error = await runInExecutionExpectingError(emulator, failed, parameters, settings);
		expect(error.message).toMatch(/Bad request.*\[item 1\]/);
		expect(paid()).toBe(1);
		const { output } = await runInExecution(
			emulator,
			failed.retriedFromList(),
			parameters,
			settings,
		);
		const [first, second] = emulator.submissions();
		expect([first.input.prompt, second.input.prompt]).toEqual(['first', 'second']);
		expect(output.map((item) => item.json.requestId)).toEqual([first.requestId, second.requestId]);
		expect(output[0].json.reusedRequestId).toBe(first.requestId);
		expect(paid()).toBe(2);
	});

	it('an Executions-list retry with Wait for Result now off returns the job the failed execution finished', async () => {
		emulator.behaviour.failDownloads = { times: 1, prompt: 'same' };
		const failed = new SharedExecution();
		const waited = await runInExecutionExpectingError(emulator, failed, { prompt: 'same' });
		expect(waited.message).toMatch(/could not be downloaded/);
		const { output } = await runInExecution(emulator, failed.retriedFromList(), {
			prompt: 'same',
			waitForResult: false,
		});
		expect(paid()).toBe(1);
		expect(output[0].json.requestId).toBe(emulator.submissions()[0].requestId);
	});

	it("Get Result pays nothing and leaves the node's image count alone", async () => {
		const { output } = await runNode(emulator, { prompt: 'a banana', waitForResult: false });
		const execution = new SharedExecution();
		const parameters = {
			operation: 'getResult',
			requestId: output[0].json.requestId,
			options: { maxImagesPerExecution: 1 },
		};
		for (let pass = 0; pass < 2; pass++) {
			const { output: fetched } = await runInExecution(emulator, execution, parameters);
			expect(fetched[0].binary?.data).toBeDefined();
		}
		expect(paid()).toBe(1);
		expect(Object.keys(execution.contextData['node:Nano Banana'] ?? {})).toEqual([]);
	});
});
