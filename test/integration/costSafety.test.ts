import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { FalEmulator } from '../emulator';
import { generateImage, imageSeed } from '../emulator/images/generate';
import { useEmulator } from '../helpers/emulator';
import { byPrompt, rows } from '../helpers/items';
import { until } from '../helpers/timing';
import {
	runInExecution,
	runInExecutionExpectingError,
	SharedExecution,
} from '../helpers/executionState';

let emulator: FalEmulator;
useEmulator({ processingMs: 10 }, (started) => (emulator = started));

const paid = () => emulator.submissions().length;

describe('finished jobs are reused by a retry of the same run, and only by it', () => {
	it('Retry On Fail: the rerun pays nothing again; each item gets its own images and pairing', async () => {
		emulator.behaviour.failDownloads = { times: 1, prompt: 'second' };
		const execution = new SharedExecution();
		const items = rows('first', 'second', 'third');
		const settings = { items, retryOnFail: true };
		const error = await runInExecutionExpectingError(emulator, execution, byPrompt, settings);
		expect(error.message).toMatch(/could not be downloaded.*\[item 1\]/);
		// With Retry On Fail the failure does not cancel the other items: their jobs finish.
		expect(emulator.submissions().map((job) => job.status)).toEqual(Array(3).fill('COMPLETED'));
		expect(emulator.submissions().filter((job) => job.cancelRequestedAt)).toHaveLength(0);

		const { execution: test, output } = await runInExecution(emulator, execution, byPrompt, {
			...settings,
			as: 'retry',
		});
		expect(paid()).toBe(3);
		expect(output.map((item) => [item.json.prompt, item.pairedItem])).toEqual([
			['first', { item: 0 }],
			['second', { item: 1 }],
			['third', { item: 2 }],
		]);
		const jobs = emulator.submissions();
		for (const item of output) {
			const job = jobs.find((candidate) => candidate.input.prompt === item.json.prompt)!;
			expect(item.json.requestId).toBe(job.requestId);
			expect(item.json.reusedRequestId).toBe(job.requestId);
			const served = emulator.media.get(job.output!.images[0].url)!.bytes;
			expect(test.readBinary(item.binary!.data).equals(served)).toBe(true);
		}
	});

	describe('a failed item and the items still at fal', () => {
		afterEach(() => (emulator.options.processingMs = 10));

		/** "first" fails its download while "second" is still at fal (one item at a time). */
		async function failWhileSiblingAtFal(retryOnFail: boolean) {
			emulator.behaviour.failDownloads = { times: 1, prompt: 'first' };
			emulator.holdJobs();
			const running = runInExecutionExpectingError(
				emulator,
				new SharedExecution(),
				{ ...byPrompt, options: { concurrency: 1 } },
				{ items: rows('first', 'second'), retryOnFail },
			);
			await until(() => paid() === 1);
			// "second" is submitted once "first" completes, and stays at fal well past the failure.
			emulator.options.processingMs = 1500;
			emulator.releaseJobs();
			await running;
			return emulator.submissions().find((job) => job.input.prompt === 'second');
		}

		it('with Retry On Fail, the other items finish at fal, for the rerun to reuse', async () => {
			const second = await failWhileSiblingAtFal(true);
			expect(second).toMatchObject({ status: 'COMPLETED', cancelled: false });
		});

		it('without it, they are stopped and cancelled at fal, as before', async () => {
			const second = await failWhileSiblingAtFal(false);
			expect(second?.status === 'COMPLETED' && !second.cancelled).toBe(false);
		});
	});

	it('a retry reuses; a loop pass, a changed field or another execution pays', async () => {
		const execution = new SharedExecution();
		const first = await runInExecution(emulator, execution, { prompt: 'a lighthouse' });
		expect(first.output[0].json.reusedRequestId).toBeUndefined();
		const retry = await runInExecution(
			emulator,
			execution,
			{ prompt: 'a lighthouse' },
			{ as: 'retry' },
		);
		expect(paid()).toBe(1);
		expect(retry.output[0].json).toMatchObject({
			requestId: first.output[0].json.requestId,
			reusedRequestId: first.output[0].json.requestId,
		});
		// The next loop pass asks for the same prompt again: a new image, as users mean it.
		const loopPass = await runInExecution(emulator, execution, { prompt: 'a lighthouse' });
		expect(paid()).toBe(2);
		expect(loopPass.output[0].json.reusedRequestId).toBeUndefined();
		const changed = { prompt: 'a lighthouse', numImages: 2 };
		await runInExecution(emulator, execution, changed, { as: 'retry' });
		expect(paid()).toBe(3);
		await runInExecution(emulator, new SharedExecution(), { prompt: 'a lighthouse' });
		expect(paid()).toBe(4);
	});

	it('Keep Files on fal For is part of the request: a retry asking to keep files longer pays', async () => {
		const execution = new SharedExecution();
		const kept = (falFileLifetime: string) => ({ prompt: 'kept', options: { falFileLifetime } });
		await runInExecution(emulator, execution, kept('immediate'));
		await runInExecution(emulator, execution, kept('30d'), { as: 'retry' });
		expect(paid()).toBe(2);
		await runInExecution(emulator, execution, kept('30d'), { as: 'retry' });
		expect(paid()).toBe(2);
	});

	it('identical items of one run are separate requests, each reused by its own item on a retry', async () => {
		const execution = new SharedExecution();
		const items = rows('same', 'same');
		const first = await runInExecution(emulator, execution, byPrompt, { items });
		expect(paid()).toBe(2);
		const again = await runInExecution(emulator, execution, byPrompt, { items, as: 'retry' });
		expect(paid()).toBe(2);
		expect(again.output.map((item) => item.json.reusedRequestId)).toEqual(
			first.output.map((item) => item.json.requestId),
		);
		// Items swapped: item 1 now asks what item 0 asked; still each its own job, same bodies.
		await runInExecution(emulator, execution, byPrompt, {
			items: rows('other', 'same'),
			as: 'retry',
		});
		expect(paid()).toBe(3);
	});

	it('a job that failed at fal is not reused: the rerun submits again', async () => {
		const execution = new SharedExecution();
		emulator.behaviour.modelError = { status: 422, body: { detail: 'unsafe' } };
		await runInExecutionExpectingError(emulator, execution, { prompt: 'declined once' });
		emulator.behaviour.modelError = undefined;
		const { output } = await runInExecution(
			emulator,
			execution,
			{ prompt: 'declined once' },
			{ as: 'retry' },
		);
		expect(paid()).toBe(2);
		expect(output[0].json.reusedRequestId).toBeUndefined();
		expect(output[0].json.requestId).toBe(emulator.submissions()[1].requestId);
	});

	it('Sync Mode jobs are not reused (fal does not keep their images)', async () => {
		const execution = new SharedExecution();
		await runInExecution(emulator, execution, { prompt: 'inline', syncMode: true });
		await runInExecution(
			emulator,
			execution,
			{ prompt: 'inline', syncMode: true },
			{ as: 'retry' },
		);
		expect(paid()).toBe(2);
	});

	it('an edit reuses by the bytes of its input image and uploads nothing again', async () => {
		const photo = generateImage({
			size: { width: 64, height: 48 },
			format: 'png',
			seed: imageSeed(['cost safety photo']),
		}).bytes;
		const item = (): INodeExecutionData => ({
			json: {},
			binary: {
				data: { data: photo.toString('base64'), mimeType: 'image/png', fileName: 'p.png' },
			} as Record<string, IBinaryData>,
		});
		const execution = new SharedExecution();
		const parameters = { operation: 'edit', prompt: 'make it blue' };
		await runInExecution(emulator, execution, parameters, { items: [item()] });
		const uploads = emulator.requests.filter((r) => r.route === 'upload-initiate').length;
		expect(uploads).toBe(1);
		const again = await runInExecution(emulator, execution, parameters, {
			items: [item()],
			as: 'retry',
		});
		expect(paid()).toBe(1);
		expect(emulator.requests.filter((r) => r.route === 'upload-initiate')).toHaveLength(uploads);
		expect(again.output[0].json.reusedRequestId).toBe(emulator.submissions()[0].requestId);
	});

	it('fetches the result again by request id when the ledger did not keep it', async () => {
		const execution = new SharedExecution();
		await runInExecution(emulator, execution, { prompt: 'refetched' });
		const ledger = execution.contextData['node:Nano Banana'].falNanoBananaLedger as IDataObject;
		delete (ledger.jobs as IDataObject[])[0].output;
		const results = () => emulator.requests.filter((r) => r.route === 'result').length;
		const before = results();
		const { output } = await runInExecution(
			emulator,
			execution,
			{ prompt: 'refetched' },
			{ as: 'retry' },
		);
		expect(paid()).toBe(1);
		expect(results()).toBe(before + 1);
		expect(output[0].json.reusedRequestId).toBe(emulator.submissions()[0].requestId);
		expect(output[0].binary?.data).toBeDefined();
	});
});
