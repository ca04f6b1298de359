import type { INodeExecutionData } from 'n8n-workflow';

import { FalEmulator, imageDimensions } from '../emulator';
import { generateImage, imageSeed } from '../emulator/images/generate';
import { useEmulator } from '../helpers/emulator';
import { runNode, runNodeExpectingError } from '../helpers/runNode';

let emulator: FalEmulator;
useEmulator({ processingMs: 10 }, (started) => (emulator = started));

const prompt = 'A lighthouse at dusk, risograph print';
const other = { model: 'other', prompt };

const photoItem = (): INodeExecutionData => ({
	json: {},
	binary: {
		data: {
			data: generateImage({ size: { width: 64, height: 48 }, format: 'png', seed: imageSeed(['p']) })
				.bytes.toString('base64'),
			mimeType: 'image/png',
			fileName: 'photo.png',
		},
	},
});

const requestsTo = (route: string) => emulator.requests.filter((r) => r.route === route);

// The emulator serves fal-ai/nano-banana-2 by fal's schema; through Other Family Endpoint the node
// treats it as an endpoint it does not know, as it would Nano Banana 2.1.
describe('Other Family Endpoint', () => {
	it('sends the shared fields plus Additional Fields (JSON), and follows the URLs fal returns', async () => {
		const { execution, output } = await runNode(emulator, {
			...other,
			endpointId: 'fal-ai/nano-banana-2',
			outputFormat: 'png',
			additionalFields: '{"resolution": "0.5K", "thinking_level": "high"}',
		});
		const [job] = emulator.submissions();
		expect(job.endpoint).toBe('fal-ai/nano-banana-2');
		// "Model Default" leaves aspect_ratio to fal: the node knows no default for this endpoint.
		expect(job.input).toEqual({
			prompt,
			num_images: 1,
			output_format: 'png',
			sync_mode: false,
			resolution: '0.5K',
			thinking_level: 'high',
		});
		for (const request of [...requestsTo('status'), ...requestsTo('stream'), ...requestsTo('result')]) {
			expect(request.targetUrl).toMatch(
				new RegExp(`^https://queue\\.fal\\.run/fal-ai/nano-banana-2/requests/${job.requestId}`),
			);
		}
		expect(output).toHaveLength(1);
		expect(output[0].json.model).toBe('fal-ai/nano-banana-2');
		const size = imageDimensions(execution.readBinary(output[0].binary!.data));
		expect(Math.max(size!.width, size!.height)).toBe(512);
	});

	it('edits from a binary through an /edit endpoint', async () => {
		await runNode(
			emulator,
			{ ...other, operation: 'edit', endpointId: 'fal-ai/nano-banana-2/edit', aspectRatio: '16:9' },
			{ items: [photoItem()] },
		);
		const [job] = emulator.submissions();
		expect(job.endpoint).toBe('fal-ai/nano-banana-2/edit');
		expect(job.input.aspect_ratio).toBe('16:9');
		expect(job.input.image_urls).toHaveLength(1);
		expect(job.receivedImages).toHaveLength(1);
	});

	it("shows fal's per-field answer when fal refuses an additional field", async () => {
		const error = await runNodeExpectingError(emulator, {
			...other,
			endpointId: 'fal-ai/nano-banana-2',
			additionalFields: { resolution: '9K' },
		});
		expect(error.message).toMatch(/resolution/);
		expect(`${error.message} ${error.description ?? ''}`).toMatch(/0\.5K.*1K.*2K.*4K/);
		expect(requestsTo('media')).toHaveLength(0);
	});

	it.each([
		[
			'a field the node sends',
			{ endpointId: 'fal-ai/nano-banana-2', additionalFields: '{"num_images": 3}' },
			'"Additional Fields (JSON)" sets "num_images" (already set by "Number of Images") [item 0]',
		],
		[
			'text that is not JSON',
			{ endpointId: 'fal-ai/nano-banana-2', additionalFields: '{resolution: 2K}' },
			/^The "Additional Fields \(JSON\)" parameter is not valid JSON \(.*\) \[item 0\]$/,
		],
		[
			'an endpoint outside the family',
			{ endpointId: 'fal-ai/flux/dev' },
			/^The "Endpoint ID" parameter must be an ID shaped owner\/name or owner\/name\/edit whose name contains "nano-banana" or "gemini".*, got "fal-ai\/flux\/dev" \[item 0\]$/,
		],
		[
			'a per-model option instead of Additional Fields',
			{ model: '={{ "other" }}', endpointId: 'fal-ai/nano-banana-2', options: { resolution: '2K' } },
			'The "Resolution" option is not available on Other Family Endpoint; it is for Nano Banana 2, Nano Banana Pro [item 0]',
		],
	])('refuses %s before any request', async (_, parameters, message) => {
		const error = await runNodeExpectingError(emulator, { ...other, ...parameters });
		if (typeof message === 'string') expect(error.message).toBe(message);
		else expect(error.message).toMatch(message);
		expect(emulator.requests).toHaveLength(0);
	});

	it('refuses an image list in Additional Fields on Edit, where the node sends the images', async () => {
		const error = await runNodeExpectingError(
			emulator,
			{
				...other,
				operation: 'edit',
				endpointId: 'fal-ai/nano-banana-2/edit',
				additionalFields: '{"image_urls": ["https://example.com/a.png"]}',
			},
			{ items: [photoItem()] },
		);
		expect(error.message).toMatch(/sets "image_urls" \(already set by "Input Binary Fields \/ Image URLs"\)/);
		expect(emulator.requests).toHaveLength(0);
	});
});

describe("fal's request controls", () => {
	it('sends Queue Priority Low with the submit only', async () => {
		await runNode(emulator, { prompt, options: { queuePriority: 'low' } });
		const [submit] = requestsTo('submit');
		expect(submit.headers['x-fal-queue-priority']).toBe('low');
		const others = emulator.requests.filter((r) => r.route !== 'submit');
		expect(others.every((r) => r.headers['x-fal-queue-priority'] === undefined)).toBe(true);
	});

	it('sends no control headers unless the options are added', async () => {
		await runNode(emulator, { prompt });
		const [submit] = requestsTo('submit');
		expect(submit.headers['x-fal-queue-priority']).toBeUndefined();
		expect(submit.headers['x-fal-object-lifecycle-preference']).toBeUndefined();
	});

	it.each([
		['immediate', 60],
		['1h', 3600],
		['1d', 86400],
		['7d', 604800],
		['30d', 2592000],
	])(
		'Keep Files on fal For %s asks fal to keep the images and the uploaded references %i s',
		async (value, seconds) => {
			await runNode(
				emulator,
				{ operation: 'edit', prompt, options: { falFileLifetime: value } },
				{ items: [photoItem()] },
			);
			const expected = JSON.stringify({ expiration_duration_seconds: seconds });
			const [submit] = requestsTo('submit');
			expect(submit.headers['x-fal-object-lifecycle-preference']).toBe(expected);
			// fal's client names the upload's header without "-preference".
			const [initiate] = requestsTo('upload-initiate');
			expect(initiate.headers['x-fal-object-lifecycle']).toBe(expected);
		},
	);

	it("leaves the lifetime to fal with Fal's Default", async () => {
		await runNode(
			emulator,
			{ operation: 'edit', prompt, options: { falFileLifetime: 'default' } },
			{ items: [photoItem()] },
		);
		expect(requestsTo('submit')[0].headers['x-fal-object-lifecycle-preference']).toBeUndefined();
		expect(requestsTo('upload-initiate')[0].headers['x-fal-object-lifecycle']).toBeUndefined();
	});

	it('refuses a priority fal does not know, before any request', async () => {
		const error = await runNodeExpectingError(emulator, {
			prompt,
			options: { queuePriority: 'urgent' },
		});
		expect(error.message).toBe(
			'The "Queue Priority" parameter must be one of normal, low, got "urgent" [item 0]',
		);
		expect(emulator.requests).toHaveLength(0);
	});
});
