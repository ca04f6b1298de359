import { ApiError, createFalClient, type FalClient } from '@fal-ai/client';

import { ENDPOINT_SCHEMAS } from './schemas';
import {
	DEFAULT_KEY,
	FalEmulator,
	imageDimensions,
	STAND_INS,
	type ValidationIssue,
} from './index';

const NB21 = 'google/nano-banana-2.1';

let emulator: FalEmulator;
let fal: FalClient;

beforeAll(async () => {
	emulator = await FalEmulator.start({ processingMs: 0 });
	fal = createFalClient({
		credentials: DEFAULT_KEY,
		proxyUrl: { url: emulator.proxyUrl, when: 'always' },
	});
});
afterEach(() => emulator.reset());
afterAll(async () => await emulator.close());

async function rejection(endpoint: string, input: Record<string, unknown>) {
	const error = await fal.queue.submit(endpoint as string, { input }).then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(ApiError);
	const apiError = error as ApiError<{ detail: ValidationIssue[] }>;
	expect(apiError.status).toBe(422);
	return apiError.body.detail;
}

describe('Nano Banana 2.1 stand-in', () => {
	it('stays out of the table of what fal client types know', () => {
		for (const endpoint of Object.keys(STAND_INS))
			expect(ENDPOINT_SCHEMAS).not.toHaveProperty(endpoint);
	});

	it('generates at 2K, with status and result under google/nano-banana-2.1', async () => {
		const { data, requestId } = await fal.subscribe(NB21, {
			input: { prompt: 'a 2.1 poster', resolution: '2K', aspect_ratio: '16:9', num_images: 1 },
			pollInterval: 5,
		});
		const job = emulator.jobs.get(requestId)!;
		expect(job.endpoint).toBe(NB21);
		expect(job.input.resolution).toBe('2K');
		expect(data.images[0]).toMatchObject({ width: 2048, height: 1152 });
		const followUps = emulator.requests.filter((r) => r.route === 'status' || r.route === 'result');
		expect(followUps.length).toBeGreaterThan(0);
		for (const request of followUps) {
			expect(request.path).toMatch(new RegExp(`^/${NB21}/requests/${requestId}(/status|$|\\?)`));
		}
	});

	it('answers a field it does not take with pydantic extra_forbidden, naming the field', async () => {
		const detail = await rejection(NB21, { prompt: 'typo', resolution_typo: '2K' });
		expect(detail).toEqual([
			{
				loc: ['body', 'resolution_typo'],
				msg: 'Extra inputs are not permitted',
				type: 'extra_forbidden',
				input: '2K',
			},
		]);
		expect(emulator.jobs.size).toBe(0);
	});

	it('takes 1K, 2K and 4K only', async () => {
		const detail = await rejection(NB21, { prompt: 'small', resolution: '0.5K' });
		expect(detail.map((issue) => [issue.loc[1], issue.type])).toEqual([['resolution', 'enum']]);
	});

	it('edits from image_urls at /edit and needs an input there', async () => {
		const png = new Uint8Array(
			(await import('./index')).generateImage({
				size: { width: 30, height: 20 },
				format: 'png',
				seed: Buffer.from('nb21'),
			}).bytes,
		);
		const fileUrl = await fal.storage.upload(new Blob([png], { type: 'image/png' }));
		const { data, requestId } = await fal.subscribe(`${NB21}/edit`, {
			input: { prompt: 'edit it', image_urls: [fileUrl] },
			pollInterval: 5,
		});
		expect(emulator.jobs.get(requestId)!.receivedImages?.[0].bytes?.equals(Buffer.from(png))).toBe(
			true,
		);
		const url = data.images[0].url as string;
		const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
		// 'auto' follows the input's 3:2 ratio.
		expect(imageDimensions(bytes)).toMatchObject({ width: 256, height: 171 });
		const missing = await rejection(`${NB21}/edit`, { prompt: 'nothing to edit' });
		expect(missing.map((issue) => issue.type)).toEqual(['value_error']);
	});

	it('still ignores unknown fields on the typed family endpoints, as fal does', async () => {
		const input: Record<string, unknown> = { prompt: 'lenient', resolution_typo: '2K' };
		const { request_id } = await fal.queue.submit('fal-ai/nano-banana-2' as string, { input });
		expect(emulator.jobs.get(request_id)).toBeDefined();
	});
});
