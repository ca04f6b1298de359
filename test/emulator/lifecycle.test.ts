import { createFalClient, type FalClient } from '@fal-ai/client';

import { DEFAULT_KEY, EmulatorControl, FalEmulator, generateImage, imageSeed } from './index';

const T2I = 'fal-ai/nano-banana';
const EDIT = 'fal-ai/nano-banana/edit';
const PNG = generateImage({
	size: { width: 8, height: 8 },
	format: 'png',
	seed: imageSeed(['lifecycle']),
}).bytes;
const PNG_BYTES = new Uint8Array(PNG);

let emulator: FalEmulator;
let control: EmulatorControl;
let fal: FalClient;

beforeAll(async () => {
	emulator = await FalEmulator.start({ processingMs: 0 });
	control = new EmulatorControl(emulator.url);
	fal = createFalClient({
		credentials: DEFAULT_KEY,
		proxyUrl: { url: emulator.proxyUrl, when: 'always' },
	});
});
afterEach(() => emulator.reset());
afterAll(async () => await emulator.close());

/** GET a file through the proxy, as the node downloads fal.media and produced URLs. */
async function fetchFile(url: string): Promise<number> {
	const direct = url.startsWith(emulator.url);
	const response = await fetch(direct ? url : emulator.proxyUrl, {
		headers: direct ? {} : { 'x-fal-target-url': url },
	});
	await response.arrayBuffer();
	return response.status;
}

async function submitRaw(endpoint: string, headers: Record<string, string>, body: unknown) {
	const response = await fetch(emulator.proxyUrl, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'x-fal-target-url': `https://queue.fal.run/${endpoint}`,
			authorization: `Key ${DEFAULT_KEY}`,
			...headers,
		},
		body: JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('x-fal-object-lifecycle-preference on submit', () => {
	it('records the lifetime and the produced images answer 404 once it is over', async () => {
		const { data, requestId } = await fal.subscribe(T2I, {
			input: { prompt: 'short-lived' },
			storageSettings: { expiresIn: 'immediate' },
			pollInterval: 5,
		});
		const job = emulator.jobs.get(requestId)!;
		expect(job.lifetimeSeconds).toBe(60);
		expect((await control.jobs())[0]).toMatchObject({ lifetimeSeconds: 60, priority: 'normal' });
		const [image] = data.images;
		expect(await fetchFile(image.url)).toBe(200);
		await control.advanceClock(59_000);
		expect(await fetchFile(image.url)).toBe(200);
		const clock = await control.advanceClock(1_000);
		expect(clock.offsetMs).toBe(60_000);
		expect(await fetchFile(image.url)).toBe(404);
	});

	it('keeps images without a lifecycle preference however far the clock moves', async () => {
		const { data, requestId } = await fal.subscribe(T2I, {
			input: { prompt: 'kept' },
			pollInterval: 5,
		});
		expect(emulator.jobs.get(requestId)!.lifetimeSeconds).toBeUndefined();
		emulator.advanceClock(400 * 24 * 3600 * 1000);
		expect(await fetchFile(data.images[0].url)).toBe(200);
	});

	it('answers 400 for a lifecycle header that is not fal shaped, and creates no job', async () => {
		const answer = await submitRaw(
			T2I,
			{ 'x-fal-object-lifecycle-preference': '{"expiration_duration_seconds":"60"}' },
			{ prompt: 'bad header' },
		);
		expect(answer.status).toBe(400);
		expect(String(answer.body.detail)).toMatch(/expiration_duration_seconds/);
		expect(emulator.jobs.size).toBe(0);
	});
});

describe('lifecycle on storage upload initiate', () => {
	it("reads fal-js's header, and an expired upload is gone for downloads and for edits", async () => {
		const fileUrl = await fal.storage.upload(new Blob([PNG_BYTES], { type: 'image/png' }), {
			lifecycle: { expiresIn: 'immediate' },
		});
		expect(emulator.uploads.get(fileUrl)).toMatchObject({
			lifetimeSeconds: 60,
			lifetimeHeader: 'x-fal-object-lifecycle',
		});
		expect((await control.uploads())[0]).toMatchObject({ fileUrl, lifetimeSeconds: 60 });
		expect(await fetchFile(fileUrl)).toBe(200);

		emulator.advanceClock(60_000);
		expect(await fetchFile(fileUrl)).toBe(404);
		const edit = await submitRaw(EDIT, {}, { prompt: 'too late', image_urls: [fileUrl] });
		expect(edit.status).toBe(422);
		expect(edit.body.detail).toEqual([
			expect.objectContaining({ loc: ['body', 'image_urls', 0], type: 'file_download_error' }),
		]);
	});

	it('reads x-fal-object-lifecycle-preference on initiate as well', async () => {
		const response = await fetch(emulator.proxyUrl, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'x-fal-target-url': 'https://rest.fal.ai/storage/upload/initiate',
				authorization: `Key ${DEFAULT_KEY}`,
				'x-fal-object-lifecycle-preference': '{"expiration_duration_seconds": 3600}',
			},
			body: JSON.stringify({ content_type: 'image/png', file_name: 'a.png' }),
		});
		const { upload_url, file_url } = (await response.json()) as Record<string, string>;
		await fetch(upload_url, { method: 'PUT', body: PNG_BYTES });
		expect(emulator.uploads.get(file_url)).toMatchObject({
			lifetimeSeconds: 3600,
			lifetimeHeader: 'x-fal-object-lifecycle-preference',
		});
		emulator.advanceClock(3_599_000);
		expect(await fetchFile(file_url)).toBe(200);
		emulator.advanceClock(1_000);
		expect(await fetchFile(file_url)).toBe(404);
	});

	it('keeps an upload without a lifecycle header', async () => {
		const fileUrl = await fal.storage.upload(new Blob([PNG_BYTES], { type: 'image/png' }));
		expect(emulator.uploads.get(fileUrl)?.expiresAt).toBeUndefined();
		emulator.advanceClock(31 * 24 * 3600 * 1000);
		expect(await fetchFile(fileUrl)).toBe(200);
	});
});

describe('the expiry clock', () => {
	it('moves only forward through the control route, and reset puts it back', async () => {
		expect((await control.clock()).offsetMs).toBe(0);
		await expect(control.advanceClock(-1)).rejects.toThrow(/400.*advanceMs/);
		expect((await control.advanceClock(5_000)).offsetMs).toBe(5_000);
		expect(emulator.clock.offset).toBe(5_000);
		await control.reset();
		expect((await control.clock()).offsetMs).toBe(0);
	});
});

describe('x-fal-queue-priority on submit', () => {
	it('records the priority, normal when absent, and rejects other values', async () => {
		const low = await fal.queue.submit(T2I, { input: { prompt: 'low' }, priority: 'low' });
		const normal = await submitRaw(T2I, {}, { prompt: 'no header' });
		expect(emulator.jobs.get(low.request_id)!.priority).toBe('low');
		expect(emulator.jobs.get(normal.body.request_id as string)!.priority).toBe('normal');
		const bad = await submitRaw(T2I, { 'x-fal-queue-priority': 'urgent' }, { prompt: 'bad' });
		expect(bad.status).toBe(400);
		expect(emulator.jobs.size).toBe(2);
	});

	it('lets normal jobs of the same endpoint start before a low one, whenever they came', async () => {
		emulator.options.queueMs = 400;
		try {
			const first = await fal.queue.submit(T2I, { input: { prompt: 'a' } });
			const low = await fal.queue.submit(T2I, { input: { prompt: 'b' }, priority: 'low' });
			const later = await submitRaw(T2I, {}, { prompt: 'c' });
			// The later normal job is ahead of the low one in the queue.
			expect(later.body.queue_position).toBe(1);
			const other = await fal.queue.submit('fal-ai/nano-banana-2', {
				input: { prompt: 'd' },
				priority: 'low',
			});
			const ids = [first.request_id, low.request_id, later.body.request_id as string];
			for (let i = 0; i < 400 && [...emulator.jobs.values()].some((j) => !j.completedAt); i++) {
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
			const [a, b, c] = ids.map((id) => emulator.jobs.get(id)!);
			expect(b.startedAt).toBeGreaterThanOrEqual(c.startedAt!);
			expect(b.startedAt).toBeGreaterThanOrEqual(a.startedAt!);
			// Another endpoint's queue does not hold a low job back.
			expect(emulator.jobs.get(other.request_id)!.status).toBe('COMPLETED');
		} finally {
			emulator.options.queueMs = 0;
		}
	});
});
