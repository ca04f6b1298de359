import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import {
	canonicalJson,
	reuseKeyOf,
	reuseKeyOfJob,
	runIndexOf,
	type RunPosition,
} from '../../nodes/NanoBanana/cost/reuseKey';
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
const at: RunPosition = { runIndex: 0, itemIndex: 0 };
const keyOf = (input: IDataObject, extra: object = {}, position = at) =>
	reuseKeyOf(position, { endpoint, input, ...extra });

describe('reuse key of a request', () => {
	it('is the same for identical bodies, whatever the order of their fields', () => {
		const reordered = Object.fromEntries(Object.entries(body).reverse());
		expect(canonicalJson(reordered)).toBe(canonicalJson(body));
		const images = [{ url: 'https://a/x.png' }];
		expect(keyOf(reordered, { images })).toBe(keyOf({ ...body }, { images }));
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
		expect(keyOf({ ...body, ...change })).not.toBe(keyOf(body));
	});

	it("changes with the endpoint, the reference images, their order, the media and fal's controls", () => {
		const a = { url: 'https://a/x.png' };
		const b = { sha256: 'f'.repeat(64) };
		const base = keyOf(body, { images: [a, b] });
		expect(
			reuseKeyOf(at, { endpoint: 'fal-ai/nano-banana/edit', input: body, images: [a, b] }),
		).not.toBe(base);
		expect(keyOf(body, { images: [b, a] })).not.toBe(base);
		expect(keyOf(body, { images: [a] })).not.toBe(base);
		expect(keyOf(body, { images: [a, { sha256: 'e'.repeat(64) }] })).not.toBe(base);
		expect(keyOf(body, { images: [a, b], media: { video_url: a } })).not.toBe(base);
		expect(keyOf(body, { images: [a, b], controls: { fileLifetimeSeconds: 60 } })).not.toBe(base);
		expect(keyOf(body, { images: [a, b], controls: { queuePriority: 'low' } })).not.toBe(base);
	});

	it("changes with the Notify URL fal delivers to; no Notify URL keys as a waiting run's request", () => {
		const hook = 'https://n8n.example.com/webhook/a/fal?endpoint=x';
		expect(keyOf(body, { notifyUrl: hook })).not.toBe(keyOf(body));
		expect(keyOf(body, { notifyUrl: hook })).not.toBe(keyOf(body, { notifyUrl: `${hook}2` }));
		expect(keyOf(body, { notifyUrl: undefined })).toBe(keyOf(body));
	});

	it('changes with the run index and the item index', () => {
		expect(keyOf(body, {}, { runIndex: 1, itemIndex: 0 })).not.toBe(keyOf(body));
		expect(keyOf(body, {}, { runIndex: 0, itemIndex: 1 })).not.toBe(keyOf(body));
	});
});

describe('reuse key of an item, as n8n runs the node', () => {
	const withBytes = (text: string, fileName = 'photo.png'): INodeExecutionData => ({
		json: {},
		binary: {
			data: { data: Buffer.from(text).toString('base64'), mimeType: 'image/png', fileName },
		},
	});

	function job(items: INodeExecutionData[], itemIndex = 0, overrides: Partial<ImageJob> = {}) {
		const item = items[itemIndex];
		const imageJob: ImageJob = {
			itemIndex,
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
		return imageJob;
	}

	/** The key the node computes for item `itemIndex` in a run of the node at `runIndex`. */
	async function keyInRun(runIndex: number, items: INodeExecutionData[], itemIndex = 0) {
		const test = new TestExecution({ parameters: { prompt: 'x' }, items, runIndex });
		const ctx = new SharedExecution().wrap(test);
		return await reuseKeyOfJob(ctx, job(items, itemIndex), runIndexOf(ctx, itemIndex));
	}

	it('reads the run index as expressions see it ($runIndex)', () => {
		const test = new TestExecution({ parameters: { prompt: 'x' }, runIndex: 4 });
		expect(runIndexOf(test.context(), 0)).toBe(4);
	});

	it("n8n's Retry On Fail (same run index) reuses; a loop pass, a new tool call and another item do not", async () => {
		const items = [withBytes('same bytes'), withBytes('same bytes')];
		const first = await keyInRun(2, items);
		expect(first).toMatch(/^[0-9a-f]{64}$/);
		// Retry On Fail tries the same run again: same run index.
		expect(await keyInRun(2, items)).toBe(first);
		// The next loop pass, or the agent's next tool call, is the next run.
		expect(await keyInRun(3, items)).not.toBe(first);
		// Item 1 asks exactly what item 0 asks, and is a request of its own.
		expect(await keyInRun(2, items, 1)).not.toBe(first);
	});

	it('names a binary reference by its bytes: the same bytes under another name give the same key', async () => {
		const key = await keyInRun(0, [withBytes('same bytes', 'a.png')]);
		expect(await keyInRun(0, [withBytes('same bytes', 'b.png')])).toBe(key);
		expect(await keyInRun(0, [withBytes('other bytes', 'a.png')])).not.toBe(key);
	});

	it('is not given to Sync Mode jobs, whose images fal does not keep', async () => {
		const items = [withBytes('x')];
		const test = new TestExecution({ parameters: { prompt: 'x' }, items });
		const syncJob = job(items, 0, { input: { ...body, sync_mode: true } });
		expect(await reuseKeyOfJob(test.context(), syncJob, 0)).toBeUndefined();
	});
});
