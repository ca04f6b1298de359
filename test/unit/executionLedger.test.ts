import { randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	canonicalJson,
	findReusable,
	MAX_LEDGER_JOBS,
	openLedger,
	recordFinished,
	reuseKeyOf,
	reuseKeyOfJob,
	type LedgerState,
} from '../../nodes/NanoBanana/helpers/executionLedger';
import type { ImageJob, NodeOptions } from '../../nodes/NanoBanana/helpers/interfaces';
import { TestExecution } from '../helpers/executeFunctions';
import { SharedExecution } from '../helpers/executionState';

const endpoint = 'fal-ai/nano-banana-2/edit';
const body: IDataObject = {
	prompt: 'a banana on the moon',
	num_images: 2,
	output_format: 'png',
	aspect_ratio: '1:1',
	sync_mode: false,
	seed: 7,
};

describe('reuse key', () => {
	it('is the same for identical bodies, whatever the order of their fields', () => {
		const reordered = Object.fromEntries(Object.entries(body).reverse());
		expect(canonicalJson(reordered)).toBe(canonicalJson(body));
		expect(reuseKeyOf(endpoint, reordered, [{ url: 'https://a/x.png' }])).toBe(
			reuseKeyOf(endpoint, { ...body }, [{ url: 'https://a/x.png' }]),
		);
	});

	it.each([
		['prompt', { prompt: 'a banana on mars' }],
		['num_images', { num_images: 1 }],
		['output_format', { output_format: 'jpeg' }],
		['aspect_ratio', { aspect_ratio: '16:9' }],
		['seed', { seed: 8 }],
		['a field added', { resolution: '2K' }],
		['a value turned to text', { num_images: '2' }],
	])('changes when %s changes', (_, change) => {
		expect(reuseKeyOf(endpoint, { ...body, ...change })).not.toBe(reuseKeyOf(endpoint, body));
	});

	it('changes with the endpoint, the reference images, their order and the media', () => {
		const a = { url: 'https://a/x.png' };
		const b = { sha256: 'f'.repeat(64) };
		const base = reuseKeyOf(endpoint, body, [a, b]);
		expect(reuseKeyOf('fal-ai/nano-banana/edit', body, [a, b])).not.toBe(base);
		expect(reuseKeyOf(endpoint, body, [b, a])).not.toBe(base);
		expect(reuseKeyOf(endpoint, body, [a])).not.toBe(base);
		expect(reuseKeyOf(endpoint, body, [a, { sha256: 'e'.repeat(64) }])).not.toBe(base);
		expect(reuseKeyOf(endpoint, body, [a, b], { video_url: a })).not.toBe(base);
	});

	function job(item: INodeExecutionData, overrides: Partial<ImageJob> = {}) {
		const test = new TestExecution({ parameters: { prompt: 'x' }, items: [item] });
		const imageJob: ImageJob = {
			itemIndex: 0,
			endpoint,
			input: { ...body },
			options: {} as NodeOptions,
			controls: {},
			references: [
				{ kind: 'binary', property: 'data', binary: item.binary!.data },
				{ kind: 'url', url: 'https://example.com/logo.png' },
			],
			...overrides,
		};
		return { ctx: test.context(), imageJob };
	}
	const withBytes = (text: string, fileName = 'photo.png'): INodeExecutionData => ({
		json: {},
		binary: {
			data: { data: Buffer.from(text).toString('base64'), mimeType: 'image/png', fileName },
		},
	});

	it('names a binary reference by its bytes: the same bytes under another name give the same key', async () => {
		const first = job(withBytes('same bytes', 'a.png'));
		const second = job(withBytes('same bytes', 'b.png'));
		const other = job(withBytes('other bytes', 'a.png'));
		const key = await reuseKeyOfJob(first.ctx, first.imageJob);
		expect(key).toMatch(/^[0-9a-f]{64}$/);
		expect(await reuseKeyOfJob(second.ctx, second.imageJob)).toBe(key);
		expect(await reuseKeyOfJob(other.ctx, other.imageJob)).not.toBe(key);
	});

	it('is not given to Sync Mode jobs, whose images fal does not keep', async () => {
		const { ctx, imageJob } = job(withBytes('x'), { input: { ...body, sync_mode: true } });
		expect(await reuseKeyOfJob(ctx, imageJob)).toBeUndefined();
	});
});

describe('finding finished jobs', () => {
	const state = (): LedgerState => ({ imagesRequested: 0, jobs: [] });
	const result = (requestId: string) => ({ requestId, output: { images: [{ url: 'u' }] } });

	it('gives each identical item of a run its own earlier job, and none when there are too few', () => {
		const ledger = state();
		recordFinished(ledger, 'A', endpoint, result('r1'));
		recordFinished(ledger, 'B', endpoint, result('r2'));
		recordFinished(ledger, 'A', endpoint, result('r3'));
		const found = findReusable(ledger, ['A', 'B', 'A', 'A', undefined, 'C']);
		expect(found.map((job) => job?.requestId)).toEqual([
			'r1',
			'r2',
			'r3',
			undefined,
			undefined,
			undefined,
		]);
	});

	it('does not reuse a job whose images fal deletes before they could be downloaded again', () => {
		const ledger = state();
		recordFinished(ledger, 'A', endpoint, result('short'), 60);
		recordFinished(ledger, 'A', endpoint, result('kept'));
		const now = Date.now();
		expect(findReusable(ledger, ['A'], now)[0]?.requestId).toBe('short');
		// 50 s later: the one-minute files are about to go, the job without a lifetime is taken.
		expect(findReusable(ledger, ['A'], now + 50_000)[0]?.requestId).toBe('kept');
		expect(findReusable(ledger, ['A', 'A'], now + 50_000)[1]).toBeUndefined();
	});

	it('keeps fal result JSON but not a large one, and forgets the oldest jobs beyond the bound', () => {
		const ledger = state();
		recordFinished(ledger, 'big', endpoint, {
			requestId: 'big',
			output: { images: [{ url: `data:image/png;base64,${'A'.repeat(40_000)}` }] },
		});
		expect(ledger.jobs[0].requestId).toBe('big');
		expect(ledger.jobs[0].output).toBeUndefined();
		for (let i = 0; i < MAX_LEDGER_JOBS + 5; i++) {
			recordFinished(ledger, `k${i}`, endpoint, result(`r${i}`));
		}
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
		recordFinished(ledger, 'A', endpoint, { requestId: 'r1', output: {} });
		expect(openLedger(functions(execution)).jobs.map((job) => job.requestId)).toEqual(['r1']);
		expect(JSON.stringify(execution.contextData['node:Nano Banana'])).toContain('r1');
		expect(openLedger(functions(execution, 'Other Node')).jobs).toEqual([]);
	});

	it('does not outlive its execution: another execution starts empty, also from copied run data', () => {
		const first = new SharedExecution();
		recordFinished(openLedger(functions(first)), 'A', endpoint, { requestId: 'r1', output: {} });
		openLedger(functions(first)).imagesRequested = 5;
		expect(openLedger(functions(new SharedExecution())).jobs).toEqual([]);
		// n8n's "Retry" of a failed execution starts a new execution from the old run data.
		const retried = new SharedExecution();
		Object.assign(retried.contextData, structuredClone(first.contextData));
		const ledger = openLedger(functions(retried));
		expect(ledger).toMatchObject({
			executionId: retried.executionId,
			jobs: [],
			imagesRequested: 0,
		});
	});

	it('without n8n node context, falls back to a store per execution id', () => {
		const id = randomUUID();
		const withId = () => ({ ...functions(), getExecutionId: () => id }) as IExecuteFunctions;
		recordFinished(openLedger(withId()), 'A', endpoint, { requestId: 'r1', output: {} });
		expect(openLedger(withId()).jobs.map((job) => job.requestId)).toEqual(['r1']);
		const otherId = randomUUID();
		expect(
			openLedger({ ...functions(), getExecutionId: () => otherId } as IExecuteFunctions).jobs,
		).toEqual([]);
		// Without an execution id nothing can be told apart: nothing is kept.
		recordFinished(openLedger(functions()), 'A', endpoint, { requestId: 'r2', output: {} });
		expect(openLedger(functions()).jobs).toEqual([]);
	});

	it('the fallback store keeps a bounded number of executions', () => {
		const first = randomUUID();
		const at = (id: string) => ({ ...functions(), getExecutionId: () => id }) as IExecuteFunctions;
		recordFinished(openLedger(at(first)), 'A', endpoint, { requestId: 'r1', output: {} });
		for (let i = 0; i < 60; i++) openLedger(at(randomUUID()));
		expect(openLedger(at(first)).jobs).toEqual([]);
	});
});
