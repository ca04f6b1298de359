import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

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

const TOOL = 'n8n-nodes-fal-nano-banana.nanoBananaTool';
const paid = () => emulator.submissions().length;
const capMessage = (total: number, cap: number, item: number) =>
	`This item would bring the images requested in this execution to ${total}, over the "Max Images per Execution" cap of ${cap} [item ${item}]`;

describe('Max Images per Execution', () => {
	const capped = (cap: number, extra: IDataObject = {}) => ({
		...byPrompt,
		...extra,
		options: { maxImagesPerExecution: cap },
	});
	const batches = (count: number, size: number) =>
		Array.from({ length: count / size }, (_, b) =>
			rows(...Array.from({ length: size }, (_, i) => `row ${b * size + i}`)),
		);

	it('a loop of 5 batches of 2 with a cap of 6: the fourth batch fails before anything is sent', async () => {
		const execution = new SharedExecution();
		const [b1, b2, b3, b4] = batches(10, 2);
		for (const items of [b1, b2, b3]) {
			await runInExecution(emulator, execution, capped(6), { items });
		}
		const error = await runInExecutionExpectingError(emulator, execution, capped(6), {
			items: b4,
		});
		expect(error.message).toBe(capMessage(7, 6, 0));
		expect(error.description).toMatch(/raise "Max Images per Execution"/);
		expect(paid()).toBe(6);
	});

	it('with Continue On Fail, the items within the cap run and the rest carry the cap error', async () => {
		const execution = new SharedExecution();
		const outputs: INodeExecutionData[][] = [];
		for (const items of batches(10, 2)) {
			const run = await runInExecution(emulator, execution, capped(6), {
				items,
				continueOnFail: true,
			});
			outputs.push(run.output);
		}
		expect(paid()).toBe(6);
		const flat = outputs.flat();
		expect(flat.filter((item) => item.binary?.data)).toHaveLength(6);
		expect(flat.slice(6).map((item) => item.json.error)).toEqual([
			capMessage(7, 6, 0),
			capMessage(7, 6, 1),
			capMessage(7, 6, 0),
			capMessage(7, 6, 1),
		]);
		for (const output of outputs) {
			expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		}
	});

	it('counts Number of Images of each item, in input order, before any request', async () => {
		const items = [{ json: { n: 2 } }, { json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 1 } }];
		const parameters = { prompt: '=cat {{ $itemIndex }}', numImages: '={{ $json.n }}' };
		const options = { options: { maxImagesPerExecution: 4 } };
		const error = await runInExecutionExpectingError(
			emulator,
			new SharedExecution(),
			{ ...parameters, ...options },
			{ items },
		);
		expect(error.message).toBe(capMessage(5, 4, 2));
		expect(emulator.requests).toHaveLength(0);

		const { output } = await runInExecution(
			emulator,
			new SharedExecution(),
			{ ...parameters, ...options },
			{ items, continueOnFail: true },
		);
		// Item 2 would take 3 + 2 = 5 past 4; item 3 still fits (3 + 1 = 4).
		expect(emulator.submissions().map((job) => job.input.prompt)).toEqual([
			'cat 0',
			'cat 1',
			'cat 3',
		]);
		expect(output.map((item) => item.json.error ?? item.json.prompt)).toEqual([
			'cat 0',
			'cat 0',
			'cat 1',
			capMessage(5, 4, 2),
			'cat 3',
		]);
	});

	it('reused jobs do not count again', async () => {
		const execution = new SharedExecution();
		const items = rows('one', 'two');
		await runInExecution(emulator, execution, capped(2), { items });
		const { output } = await runInExecution(emulator, execution, capped(2), {
			items,
			as: 'retry',
		});
		expect(paid()).toBe(2);
		expect(output.every((item) => item.json.reusedRequestId)).toBe(true);
		const error = await runInExecutionExpectingError(emulator, execution, capped(2), {
			items: rows('three'),
		});
		expect(error.message).toBe(capMessage(3, 2, 0));
	});

	it('0 means no cap, and a value that is not a whole number is refused before any request', async () => {
		await runInExecution(emulator, new SharedExecution(), capped(0), { items: rows('a', 'b') });
		expect(paid()).toBe(2);
		const error = await runInExecutionExpectingError(emulator, new SharedExecution(), {
			prompt: 'x',
			options: { maxImagesPerExecution: 2.5 },
		});
		expect(error.message).toBe(
			'The "Max Images per Execution" option must be a whole number, or 0 for no cap, got 2.5 [item 0]',
		);
		expect(paid()).toBe(2);
	});

	it('as an AI Agent tool: a repeated call is a new image, and a call over the cap answers the agent with the cap', async () => {
		const execution = new SharedExecution();
		const call = async (prompt: string) =>
			(
				await runInExecution(
					emulator,
					execution,
					{ prompt, options: { maxImagesPerExecution: 2 } },
					{ nodeType: TOOL },
				)
			).output;
		await call('tool one');
		const repeated = await call('tool one');
		expect(repeated[0].json.reusedRequestId).toBeUndefined();
		expect(repeated[0].json.requestId).toBe(emulator.submissions()[1].requestId);
		const refused = await call('tool two');
		expect(paid()).toBe(2);
		expect(String(refused[0].json.error)).toContain(capMessage(3, 2, 0));
	});
});

describe('Max Images per Execution counts what fal is asked to make', () => {
	it('a cap of 1, a submit refused with 429: the retry runs and pays once', async () => {
		emulator.failNext('submit', { kind: 'http', status: 429, times: 1 });
		const execution = new SharedExecution();
		const parameters = {
			prompt: 'rate limited',
			options: { maxImagesPerExecution: 1, maxRetries: 0 },
		};
		const refused = await runInExecutionExpectingError(emulator, execution, parameters, {
			retryOnFail: true,
		});
		expect(refused.message).toMatch(/429/);
		expect(paid()).toBe(0);
		const { output } = await runInExecution(emulator, execution, parameters, {
			retryOnFail: true,
			as: 'retry',
		});
		expect(paid()).toBe(1);
		expect(output[0].binary?.data).toBeDefined();
	});

	it('a request fal refuses (422 at submit) gives its images back', async () => {
		emulator.failNext('submit', { kind: 'http', status: 422, body: { detail: 'no' }, times: 1 });
		const execution = new SharedExecution();
		const capped = { ...byPrompt, options: { maxImagesPerExecution: 2, concurrency: 1 } };
		const { output } = await runInExecution(emulator, execution, capped, {
			items: rows('refused', 'made'),
			continueOnFail: true,
		});
		expect(output[0].json.error).toMatch(/422/);
		// One image made of a cap of 2: the next run has room for one more.
		await runInExecution(emulator, execution, capped, { items: rows('room') });
		expect(paid()).toBe(2);
	});

	it('with Limit Generations off, the images fal returned are counted', async () => {
		emulator.behaviour.extraImagesWithoutLimit = 2;
		const execution = new SharedExecution();
		const unlimited = {
			...byPrompt,
			options: { maxImagesPerExecution: 4, limitGenerations: false },
		};
		const { output } = await runInExecution(emulator, execution, unlimited, {
			items: rows('more than asked'),
		});
		expect(output).toHaveLength(3);
		// 3 made of a cap of 4: a second item asking for one more still fits; a third does not.
		await runInExecution(emulator, execution, unlimited, { items: rows('one more') });
		const error = await runInExecutionExpectingError(emulator, execution, unlimited, {
			items: rows('too many'),
		});
		expect(error.message).toBe(capMessage(7, 4, 0));
	});

	it('with Continue On Fail, a bad cap value fails its own item only', async () => {
		const items: INodeExecutionData[] = [{ json: { cap: 'lots' } }, { json: { cap: 3 } }];
		const parameters: IDataObject = {
			prompt: '=cat {{ $itemIndex }}',
			options: { maxImagesPerExecution: '={{ $json.cap }}' },
		};
		const { output } = await runInExecution(emulator, new SharedExecution(), parameters, {
			items,
			continueOnFail: true,
		});
		expect(output.map((item) => item.json.error ?? item.json.prompt)).toEqual([
			'The "Max Images per Execution" option must be a whole number, or 0 for no cap, got "lots" [item 0]',
			'cat 1',
		]);
		expect(paid()).toBe(1);
	});
});
