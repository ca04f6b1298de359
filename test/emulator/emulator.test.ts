import {
	ApiError,
	ValidationError,
	createFalClient,
	type FalClient,
	type QueueStatus,
} from '@fal-ai/client';
import { decode as decodeJpeg } from 'jpeg-js';

import { encodePng } from './images/png';
import {
	DEFAULT_KEY,
	FalEmulator,
	imageDimensions,
	jpegDimensions,
	pngDimensions,
	webpDimensions,
	type ValidationIssue,
} from './index';

const QUEUE = 'https://queue.fal.run';
const T2I = 'fal-ai/nano-banana';
const EDIT = 'fal-ai/nano-banana/edit';

let emulator: FalEmulator;
let fal: FalClient;

function clientFor(key: string): FalClient {
	return createFalClient({
		credentials: key,
		proxyUrl: { url: emulator.proxyUrl, when: 'always' },
	});
}

/** A request through the proxy without the client, for shapes the client hides. */
function proxied(
	target: string,
	init: { method?: string; body?: unknown; key?: string | null; signal?: AbortSignal } = {},
): Promise<Response> {
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'x-fal-target-url': target,
	};
	if (init.key !== null) headers.authorization = `Key ${init.key ?? DEFAULT_KEY}`;
	return fetch(emulator.proxyUrl, {
		method: init.method ?? 'GET',
		headers,
		body: init.body === undefined ? undefined : JSON.stringify(init.body),
		signal: init.signal,
	});
}

async function download(url: string): Promise<Buffer> {
	const response = await fetch(url);
	expect(response.status).toBe(200);
	return Buffer.from(await response.arrayBuffer());
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > until) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

async function apiError(promise: Promise<unknown>): Promise<ApiError<unknown>> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof ApiError) return error;
		throw error;
	}
	throw new Error('expected an ApiError');
}

function smallPng(width: number, height: number, shade: number): Buffer {
	return encodePng(width, height, Buffer.alloc(width * height * 3, shade));
}

beforeAll(async () => {
	emulator = await FalEmulator.start();
	fal = clientFor(DEFAULT_KEY);
});

afterAll(() => emulator.close());

beforeEach(() => {
	emulator.reset();
	emulator.options.processingMs = 50;
	emulator.options.queueMs = 0;
	emulator.options.imageBytes = undefined;
});

describe('queue protocol through the proxy', () => {
	it('submits, reports status and returns a downloadable PNG sized by aspect ratio', async () => {
		const submitted = await fal.queue.submit(T2I, {
			input: { prompt: 'a banana', output_format: 'png', aspect_ratio: '16:9' },
		});
		expect(submitted).toMatchObject({
			status: 'IN_QUEUE',
			queue_position: 0,
			status_url: `${QUEUE}/${T2I}/requests/${submitted.request_id}/status`,
			response_url: `${QUEUE}/${T2I}/requests/${submitted.request_id}`,
			cancel_url: `${QUEUE}/${T2I}/requests/${submitted.request_id}/cancel`,
		});
		expect(submitted.request_id).toMatch(/^[0-9a-f-]{36}$/);

		const first = emulator.requests[0];
		expect(first).toMatchObject({ method: 'POST', route: 'submit', key: DEFAULT_KEY, status: 200 });
		expect(first.targetUrl).toBe(`${QUEUE}/${T2I}`);
		expect(first.body).toEqual({ prompt: 'a banana', output_format: 'png', aspect_ratio: '16:9' });

		const requestId = submitted.request_id;
		await waitFor(() => emulator.jobs.get(requestId)?.status === 'COMPLETED');
		const status = await fal.queue.status(T2I, { requestId, logs: true });
		expect(status.status).toBe('COMPLETED');
		expect((status as QueueStatus & { logs: unknown[] }).logs.length).toBeGreaterThan(0);
		expect(emulator.requests[1].path).toBe(`/${T2I}/requests/${requestId}/status?logs=1`);

		const result = await fal.queue.result(T2I, { requestId });
		expect(result.requestId).toBe(requestId);
		const [image] = result.data.images;
		expect(image).toMatchObject({ content_type: 'image/png', width: 256, height: 144 });
		expect(image.url.startsWith(`${emulator.url}/files/`)).toBe(true);
		const bytes = await download(image.url);
		expect(bytes.subarray(1, 4).toString()).toBe('PNG');
		expect(pngDimensions(bytes)).toEqual({ width: 256, height: 144 });
		expect(image.file_size).toBe(bytes.length);
		expect(emulator.media.get(image.url)?.bytes.equals(bytes)).toBe(true);
		expect(emulator.submissions().map((job) => job.requestId)).toEqual([requestId]);
	});

	it('answers 202 while unfinished and 400 for an early result', async () => {
		emulator.options.processingMs = 5000;
		const { request_id } = await fal.queue.submit(T2I, { input: { prompt: 'slow' } });
		const status = await proxied(`${QUEUE}/${T2I}/requests/${request_id}/status`);
		expect(status.status).toBe(202);
		expect(await status.json()).not.toHaveProperty('logs');
		const early = await apiError(fal.queue.result(T2I, { requestId: request_id }));
		expect(early.status).toBe(400);
		expect(early.body).toEqual({ detail: 'Request is still in progress' });
		await fal.queue.cancel(T2I, { requestId: request_id });
	});

	it('subscribe with polling delivers logs and a JPEG', async () => {
		// Long enough for a poll to land mid-processing on a busy machine.
		emulator.options.processingMs = 600;
		const updates: QueueStatus[] = [];
		const result = await fal.subscribe(T2I, {
			input: { prompt: 'tall', output_format: 'jpeg', aspect_ratio: '9:16' },
			logs: true,
			pollInterval: 10,
			onQueueUpdate: (update) => updates.push(update),
		});
		expect(updates.map((u) => u.status)).toContain('IN_PROGRESS');
		expect(updates[updates.length - 1].status).toBe('COMPLETED');
		const bytes = await download(result.data.images[0].url);
		expect(bytes[0]).toBe(0xff);
		expect(bytes[1]).toBe(0xd8);
		expect(jpegDimensions(bytes)).toEqual({ width: 144, height: 256 });
		expect(decodeJpeg(bytes)).toMatchObject({ width: 144, height: 256 });
		expect(emulator.requests.map((r) => r.route)).toEqual(
			expect.arrayContaining(['submit', 'status', 'result']),
		);
	});

	it('subscribe with streaming gets each state as an event, COMPLETED right on time', async () => {
		// Long enough for the stream to connect while the job still waits.
		emulator.options.queueMs = 250;
		const updates: Array<{ status: string; at: number; logs?: unknown[] }> = [];
		const result = await fal.subscribe(T2I, {
			input: { prompt: 'streamed', output_format: 'webp', aspect_ratio: '4:3' },
			logs: true,
			mode: 'streaming',
			onQueueUpdate: (update) => updates.push({ ...update, at: Date.now() }),
		});
		expect(updates.map((u) => u.status)).toEqual(['IN_QUEUE', 'IN_PROGRESS', 'COMPLETED']);
		const job = emulator.submissions()[0];
		const completed = updates[2];
		// Pushed, not polled: it arrives within milliseconds (loose bound for busy machines).
		expect(completed.at - (job.completedAt ?? 0)).toBeLessThan(50);
		// The client accumulates logs, so each event carries only new lines.
		expect(completed.logs).toHaveLength(job.logs.length);
		const stream = emulator.requests.find((r) => r.route === 'stream');
		expect(stream?.path).toBe(`/${T2I}/requests/${job.requestId}/status/stream?logs=1`);
		const bytes = await download(result.data.images[0].url);
		expect(bytes.toString('latin1', 8, 12)).toBe('WEBP');
		expect(webpDimensions(bytes)).toEqual({ width: 256, height: 192 });
		expect(result.data.images[0].content_type).toBe('image/webp');
	});

	it('makes equal bytes for equal inputs and different bytes otherwise', async () => {
		const run = async (prompt: string) => {
			const { data } = await fal.subscribe(T2I, {
				input: { prompt, num_images: 2 },
				pollInterval: 10,
			});
			return Promise.all(data.images.map((image) => download(image.url)));
		};
		const [a1, a2] = await run('same');
		const [b1] = await run('same');
		const [c1] = await run('other');
		expect(a1.equals(b1)).toBe(true);
		expect(a1.equals(a2)).toBe(false);
		expect(a1.equals(c1)).toBe(false);
	});

	it('returns data URIs and stores nothing with sync_mode', async () => {
		const { data } = await fal.subscribe(T2I, {
			input: { prompt: 'inline', sync_mode: true, output_format: 'png' },
			pollInterval: 10,
		});
		const { url } = data.images[0];
		expect(url.startsWith('data:image/png;base64,')).toBe(true);
		const bytes = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
		expect(pngDimensions(bytes)).toEqual({ width: 256, height: 256 });
		expect(emulator.media.size).toBe(0);
	});

	it('pads images to imageBytes quickly', async () => {
		emulator.options.imageBytes = 1.5e6;
		const started = Date.now();
		const { data } = await fal.subscribe(T2I, {
			input: { prompt: 'big', output_format: 'png', num_images: 2 },
			pollInterval: 10,
		});
		expect(Date.now() - started).toBeLessThan(1500);
		const [first, second] = await Promise.all(data.images.map((image) => download(image.url)));
		expect(Math.abs(first.length - 1.5e6)).toBeLessThan(0.05 * 1.5e6);
		expect(first.equals(second)).toBe(false);
		expect(imageDimensions(first)).toEqual({ width: 256, height: 256, contentType: 'image/png' });
		for (const format of ['jpeg', 'webp'] as const) {
			const other = await fal.subscribe(T2I, {
				input: { prompt: 'big', output_format: format },
				pollInterval: 10,
			});
			const bytes = await download(other.data.images[0].url);
			expect(Math.abs(bytes.length - 1.5e6)).toBeLessThan(0.05 * 1.5e6);
			expect(imageDimensions(bytes)?.width).toBe(256);
			// Padding segments must not upset a real decoder.
			if (format === 'jpeg') expect(decodeJpeg(bytes).width).toBe(256);
		}
	});
});

describe('edit', () => {
	it('reads uploaded files back byte for byte and follows the first image for auto', async () => {
		const input = smallPng(30, 20, 90);
		const fileUrl = await fal.storage.upload(
			new Blob([new Uint8Array(input)], { type: 'image/png' }),
		);
		expect(fileUrl).toMatch(/^https:\/\/v3\.fal\.media\/files\/[^/]+\/[^/]+\.png$/);
		expect(emulator.uploads.get(fileUrl)?.bytes.equals(input)).toBe(true);
		const initiate = emulator.requests.find((r) => r.route === 'upload-initiate');
		expect(initiate?.targetUrl).toBe(
			'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3',
		);
		const upload = emulator.requests.find((r) => r.route === 'upload');
		expect(upload).toMatchObject({ method: 'PUT', targetUrl: null, key: null, status: 200 });

		const second = smallPng(10, 10, 200);
		const result = await fal.subscribe(EDIT, {
			// A Blob in the input is uploaded by the client itself.
			input: {
				prompt: 'make it blue',
				image_urls: [
					fileUrl,
					new Blob([new Uint8Array(second)], { type: 'image/png' }) as unknown as string,
				],
			},
			pollInterval: 10,
		});
		const job = emulator.submissions()[0];
		expect(job.endpoint).toBe(EDIT);
		expect(job.receivedImages?.[0]).toEqual({ url: fileUrl, bytes: input });
		expect(job.receivedImages?.[1].bytes?.equals(second)).toBe(true);
		const { width, height } = result.data.images[0];
		expect([width, height]).toEqual([256, 171]);
		// Status and result of an /edit job live under the app id.
		const paths = emulator.requests
			.filter((r) => r.route === 'status' || r.route === 'result')
			.map((r) => r.path);
		for (const path of paths)
			expect(path.startsWith(`/${T2I}/requests/${job.requestId}`)).toBe(true);
		const withSubPath = await proxied(`${QUEUE}/${EDIT}/requests/${job.requestId}/status`);
		expect(withSubPath.status).toBe(404);
	});

	it('gives different images for different input images', async () => {
		const run = async (shade: number) => {
			const { data } = await fal.subscribe(EDIT, {
				input: {
					prompt: 'same',
					image_urls: [`data:image/png;base64,${smallPng(8, 8, shade).toString('base64')}`],
				},
				pollInterval: 10,
			});
			return download(data.images[0].url);
		};
		expect((await run(1)).equals(await run(2))).toBe(false);
	});

	it('rejects missing image_urls and storage files that do not exist', async () => {
		const missing = await apiError(fal.queue.submit(EDIT, { input: { prompt: 'x' } as never }));
		expect(missing).toBeInstanceOf(ValidationError);
		expect((missing as ValidationError).fieldErrors[0]).toMatchObject({
			loc: ['body', 'image_urls'],
			type: 'missing',
		});
		const dead = 'https://v3.fal.media/files/nothing/here.png';
		const error = await apiError(
			fal.queue.submit(EDIT, { input: { prompt: 'x', image_urls: [dead] } }),
		);
		expect(error.status).toBe(422);
		expect(JSON.stringify(error.body)).toContain(dead);
		expect(emulator.jobs.size).toBe(0);
	});
});

describe('cancel', () => {
	it('stops a running job, ends its stream and refuses a second cancel', async () => {
		emulator.options.processingMs = 5000;
		const { request_id: requestId } = await fal.queue.submit(T2I, { input: { prompt: 'long' } });
		const streamed = fal.queue.subscribeToStatus(T2I, { requestId, mode: 'streaming' });
		await waitFor(() => emulator.requests.some((r) => r.route === 'stream'));
		await fal.queue.cancel(T2I, { requestId });
		const last = await streamed;
		expect(last.status).toBe('COMPLETED');
		const job = emulator.jobs.get(requestId);
		expect(job).toMatchObject({ cancelled: true, status: 'COMPLETED' });
		expect(job?.output).toBeUndefined();
		expect(emulator.requests.find((r) => r.route === 'cancel')?.status).toBe(202);

		const again = await apiError(fal.queue.cancel(T2I, { requestId }));
		expect(again.status).toBe(400);
		expect(again.body).toEqual({ status: 'ALREADY_COMPLETED' });
		const result = await apiError(fal.queue.result(T2I, { requestId }));
		expect(result.status).toBe(400);
		expect(result.body).toEqual({ detail: 'Request was cancelled' });
	});
});

describe('auth, validation and proxy errors', () => {
	it('answers 401 for a wrong or missing key and creates no job', async () => {
		const error = await apiError(clientFor('wrong').queue.submit(T2I, { input: { prompt: 'x' } }));
		expect(error.status).toBe(401);
		expect(error.body).toEqual({
			detail:
				'Invalid API key. This is the local fal emulator, not fal.ai: it accepts the API key "fal-emulator-key"',
		});
		const upload = await apiError(
			clientFor('wrong').storage.upload(new Blob(['x'], { type: 'text/plain' })),
		);
		expect(upload.status).toBe(401);
		const noKey = await proxied(`${QUEUE}/${T2I}`, {
			method: 'POST',
			body: { prompt: 'x' },
			key: null,
		});
		expect(noKey.status).toBe(401);
		expect(noKey.headers.get('content-type')).toContain('application/json');
		expect(emulator.jobs.size).toBe(0);
		expect(emulator.requests.every((r) => r.status === 401)).toBe(true);
	});

	it('accepts the credential test call (upload initiate) at no cost', async () => {
		const response = await proxied(
			'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3',
			{
				method: 'POST',
				body: { content_type: 'image/png', file_name: 'n8n-credential-test.png' },
			},
		);
		expect(response.status).toBe(200);
		const body = (await response.json()) as { upload_url: string; file_url: string };
		expect(body.upload_url.startsWith(`${emulator.url}/upload/`)).toBe(true);
		expect(body.file_url).toMatch(
			/^https:\/\/v3\.fal\.media\/files\/.+\/n8n-credential-test\.png$/,
		);
		expect(emulator.submissions()).toHaveLength(0);
	});

	it('answers pydantic-style 422s and ignores unknown fields', async () => {
		const error = await apiError(
			fal.queue.submit(T2I, {
				input: {
					num_images: 5,
					output_format: 'gif',
					aspect_ratio: 'auto',
					sync_mode: 'yes',
				} as never,
			}),
		);
		expect(error).toBeInstanceOf(ValidationError);
		const detail = (error.body as { detail: ValidationIssue[] }).detail;
		expect(detail.map((d) => d.loc[1])).toEqual([
			'prompt',
			'num_images',
			'output_format',
			'aspect_ratio',
			'sync_mode',
		]);
		expect(detail[0]).toMatchObject({
			loc: ['body', 'prompt'],
			msg: 'Field required',
			type: 'missing',
		});
		expect(detail[1]).toMatchObject({
			msg: 'Input should be less than or equal to 4',
			type: 'less_than_equal',
		});
		expect(detail[2].msg).toBe("Input should be 'jpeg', 'png' or 'webp'");
		const empty = await apiError(fal.queue.submit(T2I, { input: { prompt: '' } }));
		expect((empty as ValidationError).getFieldErrors('prompt')[0].type).toBe('string_too_short');
		await expect(
			fal.queue.submit(T2I, { input: { prompt: 'ok', surprise: 1 } as never }),
		).resolves.toHaveProperty('request_id');
	});

	it('answers like fal for bad targets, unknown apps and unknown requests', async () => {
		const noTarget = await fetch(emulator.proxyUrl, {
			method: 'POST',
			headers: { authorization: `Key ${DEFAULT_KEY}` },
		});
		expect(noTarget.status).toBe(400);
		expect(
			(await proxied('https://example.com/fal-ai/nano-banana', { method: 'POST' })).status,
		).toBe(412);
		const other = await proxied(`${QUEUE}/fal-ai/other-model`, {
			method: 'POST',
			body: { prompt: 'x' },
		});
		expect(other.status).toBe(404);
		expect(await other.json()).toEqual({ detail: 'Application "other-model" not found' });
		const unknown = await proxied(
			`${QUEUE}/${T2I}/requests/00000000-0000-0000-0000-000000000000/status`,
		);
		expect(unknown.status).toBe(404);
		expect(await unknown.json()).toEqual({ detail: 'Request not found' });
	});
});

describe('model behaviour overrides', () => {
	it('declines with empty images', async () => {
		emulator.behaviour.emptyImages = true;
		const { data } = await fal.subscribe(T2I, { input: { prompt: 'forbidden' }, pollInterval: 10 });
		expect(data.images).toEqual([]);
		expect(data.description).toMatch(/sorry/i);
	});

	it('fails the result with the model error', async () => {
		emulator.behaviour.modelError = {
			status: 422,
			body: {
				detail: [{ loc: ['body', 'prompt'], msg: 'unsafe', type: 'content_policy_violation' }],
			},
		};
		const error = await apiError(fal.subscribe(T2I, { input: { prompt: 'x' }, pollInterval: 10 }));
		expect(error.status).toBe(422);
		expect(emulator.submissions()[0].error?.status).toBe(422);
	});

	it('serves 404 for media when missingMedia is set', async () => {
		emulator.behaviour.missingMedia = true;
		const { data } = await fal.subscribe(T2I, { input: { prompt: 'gone' }, pollInterval: 10 });
		expect((await fetch(data.images[0].url)).status).toBe(404);
	});

	it('fails the first downloads of a job with failDownloads, only for the prompt named', async () => {
		emulator.behaviour.failDownloads = { times: 1, prompt: 'flaky' };
		const flaky = await fal.subscribe(T2I, { input: { prompt: 'flaky' }, pollInterval: 10 });
		const steady = await fal.subscribe(T2I, { input: { prompt: 'steady' }, pollInterval: 10 });
		expect((await fetch(flaky.data.images[0].url)).status).toBe(500);
		expect((await fetch(flaky.data.images[0].url)).status).toBe(200);
		expect((await fetch(steady.data.images[0].url)).status).toBe(200);
	});
});

describe('fault injection', () => {
	it('http: answers the given status once, before any job exists', async () => {
		emulator.failNext('submit', { kind: 'http', status: 500, body: { detail: 'boom' } });
		const error = await apiError(fal.queue.submit(T2I, { input: { prompt: 'x' } }));
		expect(error.status).toBe(500);
		expect(error.body).toEqual({ detail: 'boom' });
		expect(emulator.jobs.size).toBe(0);
		await expect(fal.queue.submit(T2I, { input: { prompt: 'x' } })).resolves.toHaveProperty(
			'request_id',
		);
	});

	it('not-json: a 200 HTML page, which the client passes through as text', async () => {
		const { request_id: requestId } = await fal.queue.submit(T2I, { input: { prompt: 'x' } });
		emulator.failNext('status', { kind: 'not-json' });
		const status: unknown = await fal.queue.status(T2I, { requestId });
		expect(typeof status).toBe('string');
		expect(status as string).toContain('<html>');
	});

	it('drop: resets the connection, `times` requests in a row', async () => {
		emulator.failNext('result', { kind: 'drop', times: 2 });
		const target = `${QUEUE}/${T2I}/requests/x`;
		await expect(proxied(target)).rejects.toThrow();
		await expect(proxied(target)).rejects.toThrow();
		expect((await proxied(target)).status).toBe(404);
		expect(emulator.requests.map((r) => r.status)).toEqual([0, 0, 404]);
	});

	it('drop with afterEvents: the stream breaks after that many events', async () => {
		emulator.options.processingMs = 300;
		emulator.failNext('stream', { kind: 'drop', afterEvents: 1 });
		const updates: string[] = [];
		const error = await apiError(
			fal.subscribe(T2I, {
				input: { prompt: 'x' },
				mode: 'streaming',
				onQueueUpdate: (u) => updates.push(u.status),
			}),
		);
		expect(error.status).toBe(500);
		expect(updates).toHaveLength(1);
	});

	it('truncate on stream: ends cleanly before COMPLETED', async () => {
		emulator.options.processingMs = 5000;
		const { request_id: requestId } = await fal.queue.submit(T2I, { input: { prompt: 'x' } });
		emulator.failNext('stream', { kind: 'truncate' });
		const last = await fal.queue.subscribeToStatus(T2I, { requestId, mode: 'streaming' });
		expect(last.status).not.toBe('COMPLETED');
		await fal.queue.cancel(T2I, { requestId });
	});

	it('stall: headers only, never finishing', async () => {
		const { request_id: requestId } = await fal.queue.submit(T2I, { input: { prompt: 'x' } });
		emulator.failNext('status', { kind: 'stall' });
		await expect(
			fal.queue.status(T2I, { requestId, abortSignal: AbortSignal.timeout(150) }),
		).rejects.toThrow();
		expect(emulator.requests[1]).toMatchObject({ route: 'status', status: 202 });
	});

	it('stall and truncate on media: part of the body, full Content-Length', async () => {
		const { data } = await fal.subscribe(T2I, {
			input: { prompt: 'x', output_format: 'png' },
			pollInterval: 10,
		});
		const { url, file_size: size } = data.images[0];

		emulator.failNext('media', { kind: 'truncate' });
		const truncated = await fetch(url);
		expect(truncated.headers.get('content-length')).toBe(String(size));
		await expect(truncated.arrayBuffer()).rejects.toThrow();

		emulator.failNext('media', { kind: 'stall' });
		const controller = new AbortController();
		const stalled = await fetch(url, { signal: controller.signal });
		expect(stalled.headers.get('content-length')).toBe(String(size));
		const reader = (stalled.body as ReadableStream<Uint8Array>).getReader();
		let received = 0;
		const timer = setTimeout(() => controller.abort(), 150);
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				received += value.length;
			}
		} catch {
			// aborted while stalled, as intended
		}
		clearTimeout(timer);
		expect(received).toBe(Math.floor((size ?? 0) / 2));
		expect((await fetch(url)).status).toBe(200);
	});

	it('chunked on media: the whole body, without Content-Length', async () => {
		const { data } = await fal.subscribe(T2I, {
			input: { prompt: 'x', output_format: 'png' },
			pollInterval: 10,
		});
		const { url } = data.images[0];
		const whole = await download(url);
		emulator.failNext('media', { kind: 'chunked' });
		const chunked = await fetch(url);
		expect(chunked.headers.get('content-length')).toBeNull();
		expect(chunked.headers.get('transfer-encoding')).toBe('chunked');
		expect(Buffer.from(await chunked.arrayBuffer()).equals(whole)).toBe(true);
	});

	it('http with endless: the status and half the body, then spaces, never finishing', async () => {
		emulator.options.processingMs = 5000;
		const { request_id: requestId } = await fal.queue.submit(T2I, { input: { prompt: 'x' } });
		const body = { detail: 'never ends' };
		emulator.failNext('stream', { kind: 'http', status: 500, body, endless: true });
		const controller = new AbortController();
		const answer = await proxied(`${QUEUE}/${T2I}/requests/${requestId}/status/stream`, {
			signal: controller.signal,
		});
		expect(answer.status).toBe(500);
		const reader = (answer.body as ReadableStream<Uint8Array>).getReader();
		let text = '';
		const half = Math.floor(JSON.stringify(body).length / 2);
		// Past the half body, spaces keep arriving: the answer is alive but never ends.
		while (text.length < half + 3) {
			const { done, value } = await reader.read();
			expect(done).toBe(false);
			text += Buffer.from(value ?? []).toString('utf8');
		}
		controller.abort();
		expect(text.slice(0, half)).toBe(JSON.stringify(body).slice(0, half));
		expect(text.slice(half).trim()).toBe('');
		await fal.queue.cancel(T2I, { requestId });
	});

	it('delay: answers normally after the given time', async () => {
		emulator.failNext('upload-initiate', { kind: 'delay', ms: 150 });
		const started = Date.now();
		await fal.storage.upload(new Blob(['hello'], { type: 'text/plain' }));
		expect(Date.now() - started).toBeGreaterThanOrEqual(145);
	});
});

describe('lifecycle and helpers', () => {
	it('closes promptly with open streams and stalled answers', async () => {
		const other = await FalEmulator.start({ processingMs: 10_000 });
		const client = createFalClient({
			credentials: DEFAULT_KEY,
			proxyUrl: { url: other.proxyUrl, when: 'always' },
		});
		const { request_id: requestId } = await client.queue.submit(T2I, { input: { prompt: 'x' } });
		const streamed = client.queue
			.subscribeToStatus(T2I, { requestId, mode: 'streaming' })
			.catch(() => 'ended');
		other.failNext('status', { kind: 'stall' });
		// Raw fetch: the client would retry the reset status call for half a minute.
		const stalled = fetch(other.proxyUrl, {
			headers: {
				authorization: `Key ${DEFAULT_KEY}`,
				'x-fal-target-url': `${QUEUE}/${T2I}/requests/${requestId}/status`,
			},
		})
			.then((response) => response.text())
			.catch(() => 'ended');
		await waitFor(() => other.requests.length === 3);
		const started = Date.now();
		await other.close();
		expect(Date.now() - started).toBeLessThan(200);
		await streamed;
		await stalled;
	});

	it('reads dimensions only from real images', () => {
		expect(imageDimensions(Buffer.from('not an image'))).toBeNull();
		expect(pngDimensions(smallPng(3, 2, 0))).toEqual({ width: 3, height: 2 });
		expect(jpegDimensions(smallPng(3, 2, 0))).toBeNull();
	});
});
