import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

import { createFalClient, type FalClient } from '@fal-ai/client';

import { DEFAULT_KEY, EmulatorControl, FalEmulator, sha256 } from './index';

const T2I = 'fal-ai/nano-banana';

let emulator: FalEmulator;
let control: EmulatorControl;
let fal: FalClient;

beforeEach(async () => {
	emulator = await FalEmulator.start({ processingMs: 0 });
	control = new EmulatorControl(emulator.url);
	fal = createFalClient({
		credentials: DEFAULT_KEY,
		proxyUrl: { url: emulator.proxyUrl, when: 'always' },
	});
});

afterEach(async () => {
	await emulator.close();
});

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
	for (let i = 0; i < 400; i++) {
		const value = await read();
		if (ok(value)) return value;
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	throw new Error('condition not met');
}

describe('emulator control interface', () => {
	it('changes the processing time at run time for the jobs that start afterwards', async () => {
		expect(await control.setOptions({ processingMs: 600_000 })).toMatchObject({
			processingMs: 600_000,
		});
		expect(emulator.options.processingMs).toBe(600_000);
		const { request_id } = await fal.queue.submit(T2I, { input: { prompt: 'slow' } });
		const [job] = await until(
			() => control.jobs(),
			(jobs) => jobs[0]?.status === 'IN_PROGRESS',
		);
		expect(job).toMatchObject({ requestId: request_id, cancelled: false, imageUrls: [] });
		expect(job.input).toEqual({ prompt: 'slow' });

		await control.setOptions({ processingMs: 0 });
		const quick = await fal.subscribe(T2I, { input: { prompt: 'quick' }, pollInterval: 10 });
		expect(quick.data.images).toHaveLength(1);
		// The first job still runs on the time it started with.
		expect((await control.jobs()).map((j) => j.status)).toEqual(['IN_PROGRESS', 'COMPLETED']);
	});

	it('lists cancels with what the emulator answered, and marks the job cancelled', async () => {
		await control.setOptions({ processingMs: 600_000 });
		const { request_id } = await fal.queue.submit(T2I, { input: { prompt: 'stop me' } });
		await fal.queue.cancel(T2I, { requestId: request_id });
		await fal.queue.cancel(T2I, { requestId: request_id }).catch(() => undefined);

		const cancels = await control.cancels();
		expect(cancels.map((c) => [c.requestId, c.status])).toEqual([
			[request_id, 202],
			[request_id, 400],
		]);
		const [job] = await control.jobs();
		expect(job).toMatchObject({ requestId: request_id, cancelled: true, status: 'COMPLETED' });
		expect(job.cancelRequestedAt).toBeGreaterThanOrEqual(job.submittedAt);
	});

	it('hashes every produced image and counts its downloads', async () => {
		const { data } = await fal.subscribe(T2I, {
			input: { prompt: 'two', num_images: 2 },
			pollInterval: 10,
		});
		const [first, second] = data.images as Array<{ url: string }>;
		const bytes = Buffer.from(await (await fetch(first.url)).arrayBuffer());

		const media = await control.media();
		expect(media.map((m) => m.url).sort()).toEqual([first.url, second.url].sort());
		const served = media.find((m) => m.url === first.url);
		expect(served).toMatchObject({ sha256: sha256(bytes), size: bytes.length, served: 1 });
		expect(served?.contentType).toBe('image/png');
		expect(media.find((m) => m.url === second.url)?.served).toBe(0);
		expect((await control.jobs())[0].imageUrls).toEqual([first.url, second.url]);
	});

	it('refuses unknown or negative options by name and leaves the settings alone', async () => {
		const bad = await fetch(`${control.base}/options`, {
			method: 'PATCH',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ processingMs: -1 }),
		});
		expect(bad.status).toBe(400);
		expect(await bad.json()).toEqual({
			detail: 'Option "processingMs" must be a non-negative number',
		});
		await expect(control.setOptions({ port: 1 } as never)).rejects.toThrow(/Unknown option "port"/);
		expect(emulator.options.processingMs).toBe(0);
		const missing = await fetch(`${control.base}/nothing`);
		expect(missing.status).toBe(404);
	});

	it('is not recorded as fal traffic, and reset clears jobs and media', async () => {
		await fal.subscribe(T2I, { input: { prompt: 'one' }, pollInterval: 10 });
		const before = emulator.requests.length;
		await control.jobs();
		await control.media();
		expect(emulator.requests).toHaveLength(before);

		await control.reset();
		expect(await control.jobs()).toEqual([]);
		expect(await control.media()).toEqual([]);
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('standalone emulator', () => {
	let child: ChildProcessWithoutNullStreams | undefined;

	afterEach(async () => {
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((resolve) => child?.once('exit', resolve));
		child.kill('SIGTERM');
		await exited;
	});

	it('is steered from another process through the URL it prints', async () => {
		const cli = join(__dirname, 'cli.ts');
		child = spawn(
			process.execPath,
			[
				'-r',
				'ts-node/register/transpile-only',
				cli,
				'--port',
				'0',
				'--processing-ms',
				'5',
				'--quiet',
			],
			{ cwd: join(__dirname, '..', '..') },
		);
		const url = await new Promise<string>((resolve, reject) => {
			let out = '';
			child?.stdout.on('data', (chunk: Buffer) => {
				out += chunk.toString();
				const match = /control interface:\s+(http:\/\/127\.0\.0\.1:\d+)\/_emulator/.exec(out);
				if (match) resolve(match[1]);
			});
			child?.once('exit', (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
		});
		const remote = new EmulatorControl(url);
		expect(await remote.options()).toMatchObject({ processingMs: 5, queueMs: 0 });
		expect(await remote.setOptions({ queueMs: 25, imageBytes: 4096 })).toEqual({
			processingMs: 5,
			queueMs: 25,
			imageLongSide: 256,
			imageBytes: 4096,
			webhookRetryMs: 250,
			webhookRetryMaxMs: null,
			webhookRetries: 10,
			webhookTimeoutMs: 15_000,
		});
		expect((await remote.setOptions({ imageBytes: null })).imageBytes).toBeNull();
		expect((await remote.setOptions({ webhookRetryMaxMs: 4000 })).webhookRetryMaxMs).toBe(4000);
		expect(await remote.jobs()).toEqual([]);
	}, 60_000);
});
