import { ExpressionError, NodeApiError, type IExecuteFunctions, type INode } from 'n8n-workflow';

import { FalEmulator } from '../emulator';
import { TestExecution } from '../helpers/executeFunctions';
import { runNode, runNodeExpectingError, TEST_KEY } from '../helpers/runNode';
import { peakOverlap, until } from '../helpers/timing';
import { NanoBanana } from '../../nodes/NanoBanana/NanoBanana.node';
import { UploadCache } from '../../nodes/NanoBanana/helpers/references';
import { runFalJob, type FalJobOptions } from '../../nodes/NanoBanana/transport/job';
import { downloadIntoBinary } from '../../nodes/NanoBanana/transport/media';

let emulator: FalEmulator;

beforeAll(async () => {
	emulator = await FalEmulator.start({ validKeys: [TEST_KEY], processingMs: 30, quiet: true });
});
afterEach(() => {
	emulator.reset();
	emulator.options.processingMs = 30;
	emulator.options.queueMs = 0;
	emulator.options.echoRejectedKey = undefined;
});
afterAll(async () => {
	await emulator.close();
});

const prompt = 'a banana';
const routes = (name: string) => emulator.requests.filter((request) => request.route === name);

/** One fal job run by the transport directly, in a node's execution context. */
async function runJob(options: Partial<FalJobOptions>) {
	const execution = new TestExecution({
		parameters: { prompt },
		credentials: { apiKey: TEST_KEY, proxyUrl: emulator.proxyUrl },
	});
	return await runFalJob(execution.context(), {
		connection: { apiKey: TEST_KEY, proxyUrl: emulator.proxyUrl },
		endpoint: 'fal-ai/nano-banana',
		input: { prompt },
		timeoutMs: 10_000,
		maxRetries: 1,
		...options,
	});
}

describe('after fal has finished, the item Timeout no longer applies', () => {
	it('fetches a result that is slower than the Timeout instead of throwing a paid result away', async () => {
		emulator.failNext('result', { kind: 'delay', ms: 1500 });
		const { output } = await runNode(emulator, { prompt, options: { timeout: 1 } });
		expect(output).toHaveLength(1);
		expect(emulator.submissions()[0].cancelled).toBe(false);
	});

	it.each([
		['the status stream stalls', () => emulator.failNext('stream', { kind: 'stall' })],
		[
			'the next poll comes too late',
			() => {
				emulator.failNext('stream', { kind: 'http', status: 500 });
				emulator.failNext('status', { kind: 'delay', ms: 3000 });
			},
		],
	])('delivers a job fal finished before the Timeout passed, when %s', async (_, inject) => {
		inject();
		const { output } = await runNode(emulator, { prompt, options: { timeout: 1 } });
		expect(output).toHaveLength(1);
		expect(output[0].binary?.data).toBeDefined();
		const job = emulator.submissions()[0];
		expect(job.cancelled).toBe(false);
		// The cancel fal refused (ALREADY_COMPLETED) proves the result exists: fetched once.
		expect(routes('cancel').map((request) => request.status)).toEqual([400]);
		expect(routes('result')).toHaveLength(1);
		expect(routes('result')[0].status).toBe(200);
	});
});

describe('reference uploads count against the item Timeout', () => {
	it('gives up a slow upload at the Timeout, before anything is submitted', async () => {
		emulator.failNext('upload', { kind: 'delay', ms: 5000 });
		const error = await runNodeExpectingError(
			emulator,
			{
				operation: 'edit',
				prompt,
				options: { timeout: 1 },
			},
			{
				items: [
					{
						json: {},
						binary: {
							data: {
								mimeType: 'image/png',
								data: Buffer.from(
									'89504e470d0a1a0a0000000d4948445200000001000000010806000000',
									'hex',
								).toString('base64'),
								fileName: 'one.png',
							},
						},
					},
				],
			},
		);
		expect(error.message).toMatch(
			/did not reach fal within the timeout of 1 s.*nothing was submitted/,
		);
		expect(emulator.submissions()).toHaveLength(0);
	});

	const sharedImage = {
		data: {
			mimeType: 'image/png',
			data: Buffer.from(
				'89504e470d0a1a0a0000000d4948445200000001000000010806000000',
				'hex',
			).toString('base64'),
			fileName: 'shared.png',
		},
	};

	it.each([
		['the first item has the shorter Timeout', [1, 20], 0],
		['a later item has the shorter Timeout', [20, 1], 1],
	])(
		'lets items sharing an image each wait under their own Timeout when %s',
		async (_, timeouts, short) => {
			emulator.failNext('upload', { kind: 'delay', ms: 2500 });
			const { output } = await runNode(
				emulator,
				{
					operation: 'edit',
					prompt,
					options: { timeout: '={{ $json.timeout }}', concurrency: 2 },
				},
				{
					items: timeouts.map((timeout) => ({ json: { timeout }, binary: sharedImage })),
					continueOnFail: true,
				},
			);
			expect(output).toHaveLength(2);
			expect(String(output[short].json.error)).toBe(
				`The item did not reach fal within the timeout of 1 s (its images were still uploading); nothing was submitted [item ${short}]`,
			);
			const long = 1 - short;
			expect(output[long].json.error).toBeUndefined();
			expect(output[long].binary?.data).toBeDefined();
			// One upload served both items; only the item with time left was submitted.
			expect(routes('upload')).toHaveLength(1);
			expect(emulator.submissions()).toHaveLength(1);
		},
	);
});

describe('a shared upload has its own limit', () => {
	it('ends an upload that outlasts it, with a message naming the file', async () => {
		emulator.failNext('upload', { kind: 'delay', ms: 3000 });
		const execution = new TestExecution({
			parameters: { prompt },
			credentials: { apiKey: TEST_KEY, proxyUrl: emulator.proxyUrl },
		});
		const connection = { apiKey: TEST_KEY, proxyUrl: emulator.proxyUrl };
		const uploads = new UploadCache(execution.context(), connection, 0, 1000);
		await expect(uploads.upload(Buffer.from('bytes'), 'image/png', 'logo.png')).rejects.toThrow(
			/^The upload of "logo.png" to fal storage did not finish within 1 s; nothing was submitted$/,
		);
	});
});

describe('downloads are bounded by Concurrency', () => {
	it('never downloads more items at once than Concurrency allows', async () => {
		emulator.failNext('media', { kind: 'delay', ms: 300, times: 4 });
		const items = Array.from({ length: 4 }, (_, n) => ({ json: { n } }));
		const { output } = await runNode(
			emulator,
			{ prompt: '=picture {{ $json.n }}', options: { concurrency: 1 } },
			{ items },
		);
		expect(output).toHaveLength(4);
		const media = routes('media');
		expect(media).toHaveLength(4);
		expect(peakOverlap(media.map((request) => ({ start: request.at, end: request.endedAt })))).toBe(
			1,
		);
	});
});

describe('the status stream falls back to polling', () => {
	it.each([
		['a JSON answer', { kind: 'http' as const, status: 200, body: { status: 'IN_PROGRESS' } }],
		['an HTML page', { kind: 'not-json' as const }],
	])('when the stream answers with %s instead of an event stream', async (_, fault) => {
		emulator.failNext('stream', fault);
		const { output } = await runNode(emulator, { prompt });
		expect(output).toHaveLength(1);
		expect(routes('status').length).toBeGreaterThanOrEqual(1);
	});

	it('when the stream answers an error whose body never ends', async () => {
		emulator.options.processingMs = 400;
		emulator.failNext('stream', {
			kind: 'http',
			status: 500,
			body: { detail: 'stream trouble' },
			endless: true,
		});
		const result = await runJob({ silenceLimitMs: 150 });
		expect(result.requestId).toBe(emulator.submissions()[0].requestId);
		expect(routes('status').length).toBeGreaterThanOrEqual(1);
	});

	it('keeps the item Timeout while an error body on the stream never ends', async () => {
		emulator.options.processingMs = 5000;
		emulator.failNext('stream', {
			kind: 'http',
			status: 500,
			body: { detail: 'stream trouble' },
			endless: true,
		});
		const error = await runNodeExpectingError(emulator, { prompt, options: { timeout: 1 } });
		const job = emulator.submissions()[0];
		expect(error.message).toBe(
			`fal did not finish within the timeout of 1 s (request ${job.requestId}); the request was cancelled [item 0]`,
		);
		expect(job.cancelled).toBe(true);
	});

	it('when the stream stays silent past its limit', async () => {
		emulator.options.processingMs = 400;
		emulator.failNext('stream', { kind: 'stall' });
		const result = await runJob({ silenceLimitMs: 150 });
		expect(result.requestId).toBe(emulator.submissions()[0].requestId);
		expect(routes('status').length).toBeGreaterThanOrEqual(1);
	});
});

describe('a job that may be running at fal is cancelled there', () => {
	it('cancels a job whose submit was still in flight when the execution was stopped', async () => {
		emulator.options.processingMs = 5000;
		emulator.failNext('submit', { kind: 'delay', ms: 400 });
		const execution = new TestExecution({
			parameters: { prompt },
			credentials: { apiKey: TEST_KEY, proxyUrl: emulator.proxyUrl },
		});
		const running = new NanoBanana().execute.call(execution.context());
		await until(() => routes('submit').length === 1);
		execution.cancel.abort();
		const error = await running.then(
			() => new Error('the node did not fail'),
			(e: Error) => e,
		);
		expect(error.message).toMatch(/stopped/);
		expect(emulator.submissions()).toHaveLength(1);
		expect(emulator.submissions()[0].cancelled).toBe(true);
	});

	it('cancels the job when every status call keeps failing', async () => {
		emulator.options.processingMs = 5000;
		emulator.failNext('stream', { kind: 'http', status: 500 });
		emulator.failNext('status', { kind: 'http', status: 500, times: 10 });
		const error = await runNodeExpectingError(emulator, { prompt, options: { maxRetries: 1 } });
		expect(error.message).toMatch(/HTTP 500 while checking the request status/);
		expect(emulator.submissions()[0].cancelled).toBe(true);
	});

	it('says a job may be running at fal when a submit gets no answer, and does not submit again', async () => {
		emulator.failNext('submit', { kind: 'stall' });
		const error = await runJob({ maxRetries: 3, submitTimeoutMs: 300 }).then(
			() => new Error('the job did not fail'),
			(e: Error) => e,
		);
		expect(error.message).toMatch(/a job may be running at fal with no known request id/);
		expect(error.message).not.toMatch(/aborted due to timeout/);
		expect(routes('submit')).toHaveLength(1);
	});
});

describe('downloads', () => {
	const ctx = { getNode: () => ({ name: 'Nano Banana' }) as INode } as IExecuteFunctions;
	const limits = { timeoutMs: 1000, maxBytes: 1024 };
	const naming = () => ({ fileName: 'x.png', mimeType: 'image/png' });

	it.each(['ftp://example.com/image.png', 'file:///etc/passwd', 'javascript:alert(1)'])(
		'refuses to follow %s',
		async (url) => {
			await expect(downloadIntoBinary(ctx, url, limits, naming)).rejects.toThrow(
				/unsupported scheme/,
			);
		},
	);
});

describe("errors keep n8n's shape", () => {
	it("passes n8n's expression error on as it is, with the item", async () => {
		const error = await runNodeExpectingError(emulator, { prompt: '={{ $json.a.b.c }}' });
		expect(error).toBeInstanceOf(ExpressionError);
		expect(error.description).toMatch(/could not be evaluated/);
		expect((error as ExpressionError).context.itemIndex).toBe(0);
		expect(error.message).toMatch(/\[item 0\]$/);
		expect(routes('submit')).toHaveLength(0);
	});

	it("reports fal's HTTP failures as NodeApiError with fal's status and detail", async () => {
		emulator.failNext('submit', {
			kind: 'http',
			status: 422,
			body: { detail: [{ loc: ['body', 'prompt'], msg: 'too long', type: 'value_error' }] },
		});
		const error = await runNodeExpectingError(emulator, { prompt });
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('422');
		expect(error.message).toMatch(/prompt: too long \[item 0\]/);
	});

	it('never shows any form of the key, even when fal or a proxy echoes it back', async () => {
		emulator.options.echoRejectedKey = true;
		const key = 'wrong-key-id:wrong-secret-5678';
		const execution = new TestExecution({
			parameters: { prompt },
			credentials: { apiKey: ` ${key} `, proxyUrl: emulator.proxyUrl },
		});
		const error = await new NanoBanana().execute.call(execution.context()).then(
			() => new Error('the node did not fail'),
			(e: Error) => e,
		);
		expect(error.message).toMatch(/rejected the API key \(401\)/);
		expect(error.message).toMatch(/\*\*\*/);
		const shown = JSON.stringify({ ...error, message: error.message, logs: execution.logs });
		for (const fragment of ['wrong-key-id', 'wrong-secret-5678', encodeURIComponent(key)]) {
			expect(shown).not.toContain(fragment);
		}
	});
});
