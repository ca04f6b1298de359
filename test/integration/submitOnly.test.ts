import type { FalEmulator } from '../emulator';
import { generateImage, imageSeed } from '../emulator/images/generate';
import { useEmulator } from '../helpers/emulator';
import { rows } from '../helpers/items';
import { runNode, runNodeExpectingError } from '../helpers/runNode';

let emulator: FalEmulator;
useEmulator({ processingMs: 10 }, (started) => (emulator = started));

const noWait = { prompt: '={{ $json.p }}', waitForResult: false };
const routes = () => emulator.requests.map((request) => request.route);

describe('Wait for Result off', () => {
	it('submits each item and returns at once its request id, model and fal URLs, paired, no images', async () => {
		emulator.holdJobs();
		const { output } = await runNode(emulator, noWait, { items: rows('first', 'second') });
		const jobs = emulator.submissions();
		expect(jobs.map((job) => job.input.prompt)).toEqual(['first', 'second']);
		// Nothing waited for: fal was only asked to take the jobs, which are still running.
		expect(routes()).toEqual(['submit', 'submit']);
		expect(jobs.every((job) => job.status !== 'COMPLETED')).toBe(true);
		expect(output).toEqual(
			jobs.map((job, item) => ({
				json: {
					requestId: job.requestId,
					model: 'fal-ai/nano-banana',
					statusUrl: `https://queue.fal.run/fal-ai/nano-banana/requests/${job.requestId}/status`,
					responseUrl: `https://queue.fal.run/fal-ai/nano-banana/requests/${job.requestId}`,
				},
				pairedItem: { item },
			})),
		);
		emulator.releaseJobs();
	});

	it('Edit uploads the references before it submits, and names the edit endpoint', async () => {
		const bytes = generateImage({
			size: { width: 64, height: 48 },
			format: 'png',
			seed: imageSeed(['s']),
		}).bytes;
		const item = {
			json: {},
			binary: {
				data: { data: bytes.toString('base64'), mimeType: 'image/png', fileName: 'a.png' },
			},
		};
		const { output } = await runNode(
			emulator,
			{ operation: 'edit', model: 'nano-banana-2', prompt: 'make it blue', waitForResult: false },
			{ items: [item] },
		);
		const [job] = emulator.submissions();
		expect(job.receivedImages?.[0].bytes?.equals(bytes)).toBe(true);
		expect(output[0].json).toMatchObject({
			requestId: job.requestId,
			model: 'fal-ai/nano-banana-2/edit',
		});
		expect(output[0].json.statusUrl).toBe(
			`https://queue.fal.run/fal-ai/nano-banana-2/requests/${job.requestId}/status`,
		);
	});

	it("passes the Notify URL to fal as the submit's fal_webhook", async () => {
		const notifyUrl = 'https://n8n.example.com/webhook/abc-123/fal?team=a&b=1';
		await runNode(emulator, { ...noWait, notifyUrl }, { items: rows('first') });
		const [submit] = emulator.requests.filter((request) => request.route === 'submit');
		// The endpoint rides along for the Nano Banana Trigger; the user's own query is kept.
		const delivered = `${notifyUrl}&endpoint=fal-ai%2Fnano-banana`;
		expect(new URL(submit.targetUrl!).searchParams.get('fal_webhook')).toBe(delivered);
		expect(emulator.submissions()[0].webhookUrl).toBe(delivered);
	});

	it('sends no fal_webhook without a Notify URL', async () => {
		await runNode(emulator, noWait, { items: rows('first') });
		expect(emulator.submissions()[0].webhookUrl).toBeUndefined();
		expect(emulator.requests[0].targetUrl).toBe('https://queue.fal.run/fal-ai/nano-banana');
	});

	it('sends Queue Priority and Keep Files on fal For with the submit', async () => {
		await runNode(
			emulator,
			{ ...noWait, options: { queuePriority: 'low', falFileLifetime: '1h' } },
			{ items: rows('first') },
		);
		const [submit] = emulator.requests;
		expect(submit.headers['x-fal-queue-priority']).toBe('low');
		expect(submit.headers['x-fal-object-lifecycle-preference']).toBe(
			JSON.stringify({ expiration_duration_seconds: 3600 }),
		);
		expect(emulator.submissions()[0]).toMatchObject({ priority: 'low', lifetimeSeconds: 3600 });
	});

	it('Continue On Fail: a bad Notify URL fails its item only, before anything is paid for it', async () => {
		const { output } = await runNode(
			emulator,
			{ ...noWait, notifyUrl: '={{ $json.hook }}' },
			{
				items: [
					{ json: { p: 'first', hook: 'https://hooks.example.com/a' } },
					{ json: { p: 'second', hook: 'ftp://hooks.example.com/b' } },
					{ json: { p: 'third' } },
				],
				continueOnFail: true,
			},
		);
		expect(emulator.submissions().map((job) => job.input.prompt)).toEqual(['first', 'third']);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json.error).toBe(
			'The "Notify URL" parameter must be an http(s) URL, got "ftp://hooks.example.com/b" [item 1]',
		);
		expect(output[0].json.requestId).toBe(emulator.submissions()[0].requestId);
		expect(output[2].json.requestId).toBe(emulator.submissions()[1].requestId);
	});

	it('without Continue On Fail a bad Notify URL on any item stops the run before any submit', async () => {
		const error = await runNodeExpectingError(
			emulator,
			{ ...noWait, notifyUrl: '={{ $json.hook }}' },
			{
				items: [
					{ json: { p: 'a', hook: 'https://ok.example.com' } },
					{ json: { p: 'b', hook: 'not a url' } },
				],
			},
		);
		expect(error.message).toBe(
			'The "Notify URL" parameter must be an http(s) URL, got "not a url" [item 1]',
		);
		expect(emulator.requests).toHaveLength(0);
	});

	it('refuses Sync Mode, whose result fal keeps for no later fetch', async () => {
		const error = await runNodeExpectingError(
			emulator,
			{ ...noWait, syncMode: true },
			{ items: rows('a') },
		);
		expect(error.message).toBe('Sync Mode cannot be used with "Wait for Result" off [item 0]');
		expect(emulator.requests).toHaveLength(0);
	});

	it('as an AI Agent tool the setting is honoured: the tool returns the request ids', async () => {
		const { output } = await runNode(emulator, noWait, {
			items: rows('first'),
			nodeType: 'n8n-nodes-fal-nano-banana.nanoBananaTool',
		});
		expect(output[0].json.requestId).toBe(emulator.submissions()[0].requestId);
		expect(output[0].binary).toBeUndefined();
	});
});
