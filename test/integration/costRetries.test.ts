import type { FalEmulator } from '../emulator';
import { useEmulator } from '../helpers/emulator';
import { byPrompt, rows } from '../helpers/items';
import {
	runInExecution,
	runInExecutionExpectingError,
	SharedExecution,
} from '../helpers/executionState';

let emulator: FalEmulator;
useEmulator({ processingMs: 10 }, (started) => (emulator = started));

const paid = () => emulator.submissions().length;

describe("a retry from n8n's Executions list", () => {
	/** Three items one at a time; the third one's download fails, after fal finished all three. */
	async function failedExecution() {
		emulator.behaviour.failDownloads = { times: 1, prompt: 'third' };
		const failed = new SharedExecution();
		const parameters = { ...byPrompt, options: { concurrency: 1 } };
		const error = await runInExecutionExpectingError(emulator, failed, parameters, {
			items: rows('first', 'second', 'third'),
		});
		expect(error.message).toMatch(/could not be downloaded.*\[item 2\]/);
		expect(emulator.submissions().map((job) => job.status)).toEqual(Array(3).fill('COMPLETED'));
		return { failed, parameters };
	}

	it('reuses the jobs the failed execution finished: no new fal job', async () => {
		const { failed, parameters } = await failedExecution();
		const retry = failed.retriedFromList();
		const { output } = await runInExecution(emulator, retry, parameters, {
			items: rows('first', 'second', 'third'),
		});
		expect(paid()).toBe(3);
		expect(output.map((item) => item.json.reusedRequestId)).toEqual(
			emulator.submissions().map((job) => job.requestId),
		);
		// A later run of the node in the retry (a loop's next pass) is a new request again.
		await runInExecution(emulator, retry, parameters, { items: rows('first') });
		expect(paid()).toBe(4);
	});

	it('with the currently saved workflow, pays for the item whose prompt changed, only', async () => {
		const { failed, parameters } = await failedExecution();
		const { output } = await runInExecution(emulator, failed.retriedFromList(), parameters, {
			items: rows('first', 'second, bluer', 'third'),
		});
		expect(emulator.submissions().map((job) => job.input.prompt)).toEqual([
			'first',
			'second',
			'third',
			'second, bluer',
		]);
		expect(output.map((item) => item.json.reusedRequestId === undefined)).toEqual([
			false,
			true,
			false,
		]);
	});

	it('another execution started from copied data (not a retry) pays', async () => {
		const { failed, parameters } = await failedExecution();
		const copy = failed.retriedFromList();
		const notRetry = new SharedExecution(undefined, 'manual');
		notRetry.contextData = copy.contextData;
		await runInExecution(emulator, notRetry, parameters, { items: rows('first') });
		expect(paid()).toBe(4);
	});
});

describe('a job is remembered when fal reports it COMPLETED', () => {
	it('a result fetch that fails is retried from the same job: paid once', async () => {
		emulator.failNext('result', { kind: 'http', status: 503, times: 1 });
		const execution = new SharedExecution();
		const parameters = { prompt: 'result fails once', options: { maxRetries: 0 } };
		const error = await runInExecutionExpectingError(emulator, execution, parameters, {
			retryOnFail: true,
		});
		expect(error.message).toMatch(/503/);
		const { output } = await runInExecution(emulator, execution, parameters, {
			retryOnFail: true,
			as: 'retry',
		});
		expect(paid()).toBe(1);
		expect(output[0].json.reusedRequestId).toBe(emulator.submissions()[0].requestId);
		expect(output[0].binary?.data).toBeDefined();
	});

	it('a reused job whose images are gone is forgotten: the next retry asks fal anew', async () => {
		const execution = new SharedExecution();
		emulator.behaviour.failDownloads = { times: 1, prompt: 'vanishing' };
		await runInExecutionExpectingError(emulator, execution, { prompt: 'vanishing' });
		// fal deleted the job's images (its file lifetime ended): their URLs answer 404.
		for (const image of emulator.submissions()[0].output!.images) emulator.media.delete(image.url);
		const gone = await runInExecutionExpectingError(
			emulator,
			execution,
			{ prompt: 'vanishing' },
			{ as: 'retry' },
		);
		expect(gone.message).toMatch(/HTTP 404/);
		expect(paid()).toBe(1);
		emulator.behaviour = {};
		const { output } = await runInExecution(
			emulator,
			execution,
			{ prompt: 'vanishing' },
			{ as: 'retry' },
		);
		expect(paid()).toBe(2);
		expect(output[0].json.reusedRequestId).toBeUndefined();
	});
});
