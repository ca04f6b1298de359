import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { FalEmulator } from '../emulator';
import { TestExecution } from '../helpers/executeFunctions';
import { runNode, runNodeExpectingError, TEST_KEY } from '../helpers/runNode';
import { peakOverlap, settle, until } from '../helpers/timing';
import { NanoBanana } from '../../nodes/NanoBanana/NanoBanana.node';

let emulator: FalEmulator;

beforeAll(async () => {
	emulator = await FalEmulator.start({
		validKeys: [TEST_KEY, 'second-key:abc'],
		processingMs: 30,
		quiet: true,
	});
});
afterEach(() => {
	emulator.reset();
	emulator.options.processingMs = 30;
	emulator.options.queueMs = 0;
});
afterAll(async () => {
	await emulator.close();
});

const prompt = 'a banana';
const routes = (name: string) => emulator.requests.filter((request) => request.route === name);

describe('completion without polling delay', () => {
	it('learns of completion from the status stream and never polls', async () => {
		const { output } = await runNode(emulator, { prompt });
		expect(output).toHaveLength(1);
		expect(routes('stream')).toHaveLength(1);
		expect(routes('status')).toHaveLength(0);
	});

	it('falls back to polling when the stream cannot be opened', async () => {
		emulator.failNext('stream', { kind: 'http', status: 500 });
		const { output } = await runNode(emulator, { prompt });
		expect(output).toHaveLength(1);
		expect(routes('status').length).toBeGreaterThanOrEqual(1);
	});

	it('falls back to polling when the stream drops mid-way', async () => {
		emulator.options.processingMs = 300;
		emulator.failNext('stream', { kind: 'drop', afterEvents: 1 });
		const { output } = await runNode(emulator, { prompt });
		expect(output).toHaveLength(1);
		expect(routes('status').length).toBeGreaterThanOrEqual(1);
	});
});

describe('items in parallel', () => {
	it('runs at most Concurrency jobs at once and keeps output order and pairing', async () => {
		// Held jobs stay at fal until released, so "three at once" does not depend on machine speed.
		emulator.holdJobs();
		const items = Array.from({ length: 8 }, (_, i) => ({ json: { n: i } }));
		const running = runNode(
			emulator,
			{ prompt: '=picture {{ $json.n }}', options: { concurrency: 3 } },
			{ items },
		);
		await until(() => emulator.submissions().length >= 3);
		// Give a node that ignored the bound the chance to send a fourth job before any completes.
		await settle(200);
		expect(emulator.submissions()).toHaveLength(3);
		emulator.releaseJobs();
		const { output } = await running;
		expect(output.map((item) => item.json.prompt)).toEqual(items.map((_, i) => `picture ${i}`));
		expect(output.map((item) => item.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		// Peak number of jobs alive at fal at the same moment, over the whole run.
		const jobs = emulator.submissions();
		expect(jobs).toHaveLength(8);
		expect(peakOverlap(jobs.map((job) => ({ start: job.submittedAt, end: job.completedAt })))).toBe(
			3,
		);
	});
});

describe('downloads start as soon as a job completes', () => {
	it("stores one item's images while the next item is still at fal", async () => {
		emulator.options.processingMs = 400;
		const items = [{ json: { n: 0 } }, { json: { n: 1 } }];
		await runNode(
			emulator,
			{ prompt: '=picture {{ $json.n }}', options: { concurrency: 1 } },
			{ items },
		);
		const [first, second] = emulator.submissions();
		const firstDownload = emulator.requests.find(
			(request) =>
				request.route === 'media' &&
				request.path.includes(new URL(first.output!.images[0].url).pathname),
		);
		expect(firstDownload).toBeDefined();
		// Ordering, not timing: the first image was fetched while the second job was still running.
		expect(firstDownload!.at).toBeLessThan(second.completedAt!);
	});
});

describe('cancellation and timeout reach fal', () => {
	async function startAndStop(whenState: 'IN_QUEUE' | 'IN_PROGRESS') {
		emulator.options.queueMs = whenState === 'IN_QUEUE' ? 5000 : 0;
		emulator.options.processingMs = 5000;
		const execution = new TestExecution({
			parameters: { prompt },
			credentials: { apiKey: TEST_KEY, proxyUrl: emulator.proxyUrl },
		});
		const running = new NanoBanana().execute.call(execution.context());
		await until(
			() => emulator.submissions()[0]?.status === whenState && routes('stream').length > 0,
		);
		execution.cancel.abort();
		const error = await running.then(
			() => new Error('finished'),
			(e: Error) => e,
		);
		const job = emulator.submissions()[0];
		expect(error.message).toMatch(/stopped.*cancelled/);
		expect(job.cancelled).toBe(true);
		const seen = emulator.requests.length;
		await settle(600);
		expect(emulator.requests.length).toBe(seen);
	}

	it('cancels a job still in the queue when the execution is stopped', async () =>
		await startAndStop('IN_QUEUE'));
	it('cancels a running job when the execution is stopped', async () =>
		await startAndStop('IN_PROGRESS'));

	it('cancels at fal and names the request when the timeout passes', async () => {
		emulator.options.processingMs = 5000;
		const error = await runNodeExpectingError(emulator, { prompt, options: { timeout: 0.3 } });
		const job = emulator.submissions()[0];
		expect(error.message).toContain('timeout');
		expect(error.message).toContain(job.requestId);
		expect(job.cancelled).toBe(true);
	});

	it.each([3_000_000, 4_294_968, '86401'])(
		'refuses a Timeout of %p seconds before any request, instead of overflowing the timer',
		async (timeout) => {
			const error = await runNodeExpectingError(emulator, { prompt, options: { timeout } });
			expect(error.message).toBe(
				`The "Timeout (Seconds)" option must be at most 86400, got ${JSON.stringify(timeout)} [item 0]`,
			);
			expect(error.description).toBe('86400 seconds is 24 hours; longer waits are not supported.');
			expect(emulator.requests).toHaveLength(0);
		},
	);

	it('accepts the longest Timeout, 86400 seconds', async () => {
		const { output } = await runNode(emulator, { prompt, options: { timeout: 86_400 } });
		expect(output).toHaveLength(1);
		expect(emulator.submissions()[0].cancelled).toBe(false);
	});

	it('cancels the other items when one fails without Continue On Fail', async () => {
		emulator.options.processingMs = 1500;
		emulator.failNext('submit', { kind: 'http', status: 401, body: { detail: 'nope' } });
		const items = [{ json: {} }, { json: {} }, { json: {} }];
		const error = await runNodeExpectingError(
			emulator,
			{ prompt, options: { concurrency: 3 } },
			{ items },
		);
		expect(error.message).toContain('401');
		await settle(100);
		// The other two were already at fal when the first failed; both must be cancelled.
		expect(emulator.submissions()).toHaveLength(2);
		expect(emulator.submissions().every((job) => job.cancelled)).toBe(true);
	});
});

describe('retries that cannot pay twice', () => {
	it('retries a rate-limited submit and honours Retry-After', async () => {
		emulator.failNext('submit', {
			kind: 'http',
			status: 429,
			headers: { 'retry-after': '0' },
			times: 2,
		});
		const { output } = await runNode(emulator, { prompt });
		expect(output).toHaveLength(1);
		expect(routes('submit').map((request) => request.status)).toEqual([429, 429, 200]);
		expect(emulator.submissions()).toHaveLength(1);
	});

	it.each([500, 502, 503])(
		'never re-submits after a %i, since fal may have taken the job',
		async (status) => {
			emulator.failNext('submit', { kind: 'http', status, body: { detail: 'upstream trouble' } });
			const error = await runNodeExpectingError(emulator, { prompt });
			expect(error.message).toContain(`HTTP ${status}`);
			expect(error.message).toContain('upstream trouble');
			expect(routes('submit')).toHaveLength(1);
		},
	);

	it.each([500, 502, 503])(
		'warns after a %i on submit that a job may be running at fal, as when no answer came',
		async (status) => {
			emulator.failNext('submit', { kind: 'http', status, body: { detail: 'upstream trouble' } });
			const error = await runNodeExpectingError(emulator, { prompt });
			expect(error.message).toMatch(
				new RegExp(
					`HTTP ${status} while submitting the request: upstream trouble\\. A job may be running at fal all the same; check the request history at https://fal\\.ai/dashboard/requests before running this item again \\[item 0\\]$`,
				),
			);
		},
	);

	it('never re-submits after the connection was reset mid-request', async () => {
		emulator.failNext('submit', { kind: 'drop' });
		const error = await runNodeExpectingError(emulator, { prompt });
		expect(error.message).toMatch(/Could not reach fal while submitting the request/);
		expect(routes('submit')).toHaveLength(1);
	});

	it.each([500, 502, 503])('retries a %i on status and on result', async (status) => {
		emulator.failNext('stream', { kind: 'http', status: 500 });
		emulator.failNext('status', { kind: 'http', status, headers: { 'retry-after': '0' } });
		emulator.failNext('result', { kind: 'http', status, headers: { 'retry-after': '0' } });
		const { output } = await runNode(emulator, { prompt });
		expect(output).toHaveLength(1);
		expect(routes('result').map((request) => request.status)).toEqual([status, 200]);
		expect(routes('status')[0].status).toBe(status);
	});

	it('retries a refused connection, which proves fal never saw the job', async () => {
		const port = await new Promise<number>((resolve) => {
			const server = createServer();
			server.listen(0, '127.0.0.1', () => {
				const address = server.address();
				server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
			});
		});
		const execution = new TestExecution({
			parameters: { prompt, options: { maxRetries: 2 } },
			credentials: { apiKey: TEST_KEY, proxyUrl: `http://127.0.0.1:${port}/api/fal/proxy` },
		});
		const error = await new NanoBanana().execute.call(execution.context()).then(
			() => new Error('finished'),
			(e: Error) => e,
		);
		expect(error.message).toMatch(
			/Could not reach fal while submitting the request \(ECONNREFUSED\)/,
		);
		expect(
			execution.logs.filter((line) => line.message.includes('retrying fal submit')),
		).toHaveLength(2);
	});
});

describe('fault injection: clear per-item errors, others unharmed', () => {
	const cases: Array<[string, () => void, RegExp]> = [
		[
			'401',
			() =>
				emulator.failNext('submit', {
					kind: 'http',
					status: 401,
					body: { detail: 'Invalid API key' },
				}),
			/rejected the API key \(401\)/,
		],
		[
			'403 balance',
			() =>
				emulator.failNext('submit', {
					kind: 'http',
					status: 403,
					body: { detail: 'User is locked. Reason: Exhausted balance.' },
				}),
			/refused the request \(403\): User is locked. Reason: Exhausted balance/,
		],
		[
			'404 unknown app',
			() =>
				emulator.failNext('submit', {
					kind: 'http',
					status: 404,
					body: { detail: 'Application "nano-banana" not found' },
				}),
			/did not find the model \(404\)/,
		],
		[
			'422 on submit',
			() =>
				emulator.failNext('submit', {
					kind: 'http',
					status: 422,
					body: { detail: [{ loc: ['body', 'prompt'], msg: 'too long' }] },
				}),
			/rejected the input \(422\): prompt: too long/,
		],
		[
			'a model error in the result',
			() =>
				(emulator.behaviour.modelError = {
					status: 500,
					body: { detail: 'Model inference failed' },
				}),
			/Model inference failed/,
		],
		[
			'a result that is not JSON',
			() => emulator.failNext('result', { kind: 'not-json' }),
			/not an image result/,
		],
		['a result with no images', () => (emulator.behaviour.emptyImages = true), /no image/],
		[
			'a media URL that 404s',
			() => (emulator.behaviour.missingMedia = true),
			/could not be downloaded: the image URL answered HTTP 404/,
		],
		[
			'a truncated download',
			() => emulator.failNext('media', { kind: 'truncate' }),
			/could not be downloaded/,
		],
		[
			'a stalled download',
			() => emulator.failNext('media', { kind: 'stall' }),
			/could not be downloaded: the image download did not finish within/,
		],
	];

	it.each(cases)('%s', async (_, inject, message) => {
		const items = [{ json: { p: 'first' } }, { json: { p: 'second' } }];
		inject();
		const { output, execution } = await runNode(
			emulator,
			{ prompt: '={{ $json.p }}', options: { concurrency: 1, maxRetries: 0, timeout: 2 } },
			{ items, continueOnFail: true },
		);
		emulator.behaviour.modelError = undefined;
		emulator.behaviour.emptyImages = false;
		emulator.behaviour.missingMedia = false;
		const failed = output.filter((item) => item.json.error);
		expect(failed.length).toBeGreaterThanOrEqual(1);
		expect(String(failed[0].json.error)).toMatch(message);
		expect(String(failed[0].json.error)).toMatch(/\[item \d\]$/);
		expect(JSON.stringify({ output, logs: execution.logs })).not.toContain(TEST_KEY);
		expect(output.every((item) => item.pairedItem)).toBe(true);
		// Faults that hit one request only leave the other item its image.
		if (!/no image|model error|404s/.test(_)) {
			expect(output.some((item) => item.binary?.data)).toBe(true);
		}
		// Nothing left running at fal.
		expect(emulator.submissions().every((job) => job.status === 'COMPLETED' || job.cancelled)).toBe(
			true,
		);
	});
});

describe('bounded downloads', () => {
	it('refuses an image larger than "Max Download Size" instead of filling memory', async () => {
		emulator.options.imageLongSide = 512;
		try {
			const error = await runNodeExpectingError(emulator, {
				prompt,
				outputFormat: 'png',
				options: { maxDownloadMb: 0.001 },
			});
			expect(error.message).toMatch(
				/could not be downloaded: the image is larger than the limit of 1 kB/,
			);
		} finally {
			emulator.options.imageLongSide = 256;
		}
	});

	it('stops a chunked download with no Content-Length at "Max Download Size" as the bytes arrive', async () => {
		emulator.options.imageBytes = 300_000;
		emulator.failNext('media', { kind: 'chunked' });
		try {
			const error = await runNodeExpectingError(emulator, {
				prompt,
				options: { maxDownloadMb: 0.1 },
			});
			expect(error.message).toMatch(
				/could not be downloaded: the image is larger than the limit of 102 kB \[item 0\]$/,
			);
			expect(routes('media')).toHaveLength(1);
		} finally {
			emulator.options.imageBytes = undefined;
		}
	});
});

describe('key isolation', () => {
	it("uses each execution's own key when two run at once in one process", async () => {
		emulator.options.processingMs = 100;
		const run = (apiKey: string, subject: string) =>
			runNode(
				emulator,
				{ prompt: `=${subject} {{ $json.n }}` },
				{
					items: Array.from({ length: 4 }, (_, n) => ({ json: { n } })),
					credentials: { apiKey, proxyUrl: emulator.proxyUrl },
				},
			);
		await Promise.all([run(TEST_KEY, 'first'), run('second-key:abc', 'second')]);
		const proxied = emulator.requests.filter((request) => request.targetUrl);
		expect(proxied.length).toBeGreaterThan(16);
		for (const job of emulator.submissions()) {
			const expected = String(job.input.prompt).startsWith('first') ? TEST_KEY : 'second-key:abc';
			expect(job.key).toBe(expected);
			const ownRequests = proxied.filter((request) => request.path.includes(job.requestId));
			expect(ownRequests.length).toBeGreaterThan(0);
			expect(ownRequests.every((request) => request.key === expected)).toBe(true);
		}
	});
});

/** Runs the fault probe in its own Node process, where unhandled rejections really surface. */
async function runProbe(args: string[]): Promise<{ scenarios: number; crashes: string[] }> {
	const script = join(__dirname, 'probe', 'unhandled.ts');
	const stdout = await new Promise<string>((resolve, reject) => {
		execFile(
			process.execPath,
			['-r', 'ts-node/register/transpile-only', script, ...args],
			{ cwd: join(__dirname, '..', '..'), timeout: 110_000, killSignal: 'SIGKILL' },
			(error, out) => (error && !out ? reject(error) : resolve(out)),
		);
	});
	return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
		scenarios: number;
		crashes: string[];
	};
}

describe('nothing crashes the host', () => {
	it('sees no unhandled rejection or uncaught exception in a Node process running every fault', async () => {
		const report = await runProbe([]);
		expect(report.crashes).toEqual([]);
		expect(report.scenarios).toBe(29);
	}, 120_000);

	it('would see one: a rejection left unhandled on purpose is reported', async () => {
		const report = await runProbe(['--inject']);
		expect(report.crashes).toEqual(['Error: injected on purpose']);
	}, 120_000);
});
