import { DEFAULT_KEY, FalEmulator, imageDimensions, type ValidationIssue } from './index';

const QUEUE = 'https://queue.fal.run';

let emulator: FalEmulator;

beforeAll(async () => {
	emulator = await FalEmulator.start({ processingMs: 5 });
});
afterEach(() => emulator.reset());
afterAll(async () => await emulator.close());

async function call(target: string, method = 'GET', body?: unknown) {
	const response = await fetch(emulator.proxyUrl, {
		method,
		headers: {
			'content-type': 'application/json',
			'x-fal-target-url': target,
			authorization: `Key ${DEFAULT_KEY}`,
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { response, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

async function completed(app: string, requestId: string) {
	for (let i = 0; i < 200; i++) {
		const { body } = await call(`${QUEUE}/${app}/requests/${requestId}/status`);
		if (body?.status === 'COMPLETED') return;
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	throw new Error('the job never completed');
}

async function run(endpoint: string, input: Record<string, unknown>) {
	const submitted = await call(`${QUEUE}/${endpoint}`, 'POST', input);
	expect(submitted.response.status).toBe(200);
	const requestId = submitted.body!.request_id as string;
	const app = endpoint.split('/').slice(0, 2).join('/');
	expect(submitted.body!.response_url).toBe(`${QUEUE}/${app}/requests/${requestId}`);
	await completed(app, requestId);
	return { requestId, app, ...(await call(`${QUEUE}/${app}/requests/${requestId}`)) };
}

const issues = (body: Record<string, unknown> | undefined) =>
	(body?.detail as ValidationIssue[]).map(
		(issue) => `${issue.loc.slice(1).join('.')}: ${issue.type}`,
	);

describe('each endpoint of the family with its own schema', () => {
	it.each([
		['fal-ai/nano-banana', { aspect_ratio: 'auto' }, ['aspect_ratio: enum']],
		['fal-ai/nano-banana', { resolution: '2K' }, []],
		['fal-ai/nano-banana-pro', { aspect_ratio: '8:1' }, ['aspect_ratio: enum']],
		['fal-ai/nano-banana-pro', { resolution: '0.5K' }, ['resolution: enum']],
		[
			'fal-ai/nano-banana-2',
			{ resolution: '8K', thinking_level: 'deep' },
			['thinking_level: enum', 'resolution: enum'],
		],
		['fal-ai/nano-banana-2', { enable_web_search: 'yes' }, ['enable_web_search: bool_type']],
		['google/nano-banana-lite', { system_prompt: 7 }, ['system_prompt: string_type']],
		['fal-ai/nano-banana-pro/edit', {}, ['image_urls: missing']],
		['fal-ai/nano-banana-2/edit', {}, [': value_error']],
		['fal-ai/nano-banana-2/edit', { pdf_url: 'ftp://x/a.pdf' }, ['pdf_url: url_parsing']],
	])('%s with %j answers %j', async (endpoint, extra, expected) => {
		const { response, body } = await call(`${QUEUE}/${endpoint}`, 'POST', {
			prompt: 'a banana',
			...extra,
		});
		if (expected.length === 0) {
			// Unknown fields are ignored, as fal does.
			expect(response.status).toBe(200);
		} else {
			expect(response.status).toBe(422);
			expect(issues(body)).toEqual(expected);
		}
	});

	it('answers status, result and cancel only under the app the job was submitted to', async () => {
		const { requestId } = await run('google/nano-banana-lite/edit', {
			prompt: 'a banana',
			image_urls: ['data:image/png;base64,iVBORw0KGgo='],
		});
		const edit = await call(`${QUEUE}/google/nano-banana-lite/edit/requests/${requestId}`);
		expect(edit.response.status).toBe(404);
		const otherApp = await call(`${QUEUE}/fal-ai/nano-banana/requests/${requestId}`);
		expect(otherApp.response.status).toBe(404);
	});

	it('honours resolution and extreme ratios in the image size, and sends billable units', async () => {
		const { response, body } = await run('fal-ai/nano-banana-2', {
			prompt: 'a banner',
			aspect_ratio: '8:1',
			resolution: '0.5K',
			output_format: 'png',
		});
		expect(response.headers.get('x-fal-billable-units')).toBe('0.75');
		const [image] = body!.images as Array<{ url: string; width: number; height: number }>;
		expect(image).toMatchObject({ width: 512, height: 64 });
		const bytes = Buffer.from(await (await fetch(image.url)).arrayBuffer());
		expect(imageDimensions(bytes)).toMatchObject({ width: 512, height: 64 });
	});

	it('records the media inputs an edit received', async () => {
		const first = await run('fal-ai/nano-banana', { prompt: 'a reference', output_format: 'png' });
		const url = (first.body!.images as Array<{ url: string }>)[0].url;
		const { requestId } = await run('fal-ai/nano-banana-2/edit', {
			prompt: 'from a video',
			video_url: url,
		});
		const job = emulator.jobs.get(requestId)!;
		expect(job.receivedMedia?.video_url.bytes?.equals(emulator.media.get(url)!.bytes)).toBe(true);
		expect(job.receivedImages).toBeUndefined();
	});
});
