import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { FalEmulator, imageDimensions } from '../emulator';
import { generateImage, imageSeed } from '../emulator/images/generate';
import { ENDPOINT_SCHEMAS, appOf, type NanoBananaEndpoint } from '../emulator/schemas';
import { runNode, runNodeExpectingError } from '../helpers/runNode';
import { useEmulator } from '../helpers/emulator';

let emulator: FalEmulator;
useEmulator({ processingMs: 10 }, (started) => (emulator = started));

const prompt = 'A poster that reads "BANANA" in bold letters';

function png(name: string, width = 96, height = 64): Buffer {
	return generateImage({ size: { width, height }, format: 'png', seed: imageSeed([name]) }).bytes;
}

function binary(bytes: Buffer, mimeType: string, fileName: string): IBinaryData {
	return { data: bytes.toString('base64'), mimeType, fileName };
}

const photoItem = (): INodeExecutionData => ({
	json: {},
	binary: { data: binary(png('photo'), 'image/png', 'photo.png') },
});

const paid = () => emulator.submissions().length;

interface FamilyCase {
	model: string;
	operation: 'generate' | 'edit';
	endpoint: NanoBananaEndpoint;
	/** Every field the model has, set to a non-default value. */
	parameters: IDataObject;
	/** What fal must receive besides prompt, num_images, output_format, sync_mode and images. */
	expected: IDataObject;
}

const shared = { seed: 42, safetyTolerance: '2', limitGenerations: true };
const sharedFal = { seed: 42, safety_tolerance: '2', limit_generations: true };

// Written from fal's schemas (the family reference), not from the node's registry.
const family: FamilyCase[] = [
	{
		model: 'nano-banana',
		operation: 'generate',
		endpoint: 'fal-ai/nano-banana',
		parameters: { aspectRatio: '21:9', options: shared },
		expected: { aspect_ratio: '21:9', ...sharedFal },
	},
	{
		model: 'nano-banana',
		operation: 'edit',
		endpoint: 'fal-ai/nano-banana/edit',
		parameters: { aspectRatio: '3:4', options: shared },
		expected: { aspect_ratio: '3:4', ...sharedFal },
	},
	{
		model: 'nano-banana-2',
		operation: 'generate',
		endpoint: 'fal-ai/nano-banana-2',
		parameters: {
			aspectRatio: '8:1',
			options: {
				...shared,
				resolution: '0.5K',
				enableWebSearch: true,
				thinkingLevel: 'high',
				systemPrompt: 'You design minimalist posters',
			},
		},
		expected: {
			aspect_ratio: '8:1',
			resolution: '0.5K',
			enable_web_search: true,
			thinking_level: 'high',
			system_prompt: 'You design minimalist posters',
			...sharedFal,
		},
	},
	{
		model: 'nano-banana-2',
		operation: 'edit',
		endpoint: 'fal-ai/nano-banana-2/edit',
		parameters: {
			aspectRatio: '1:4',
			options: {
				...shared,
				resolution: '0.5K',
				enableWebSearch: false,
				thinkingLevel: 'minimal',
				systemPrompt: 'Keep the colours',
			},
		},
		expected: {
			aspect_ratio: '1:4',
			resolution: '0.5K',
			enable_web_search: false,
			thinking_level: 'minimal',
			system_prompt: 'Keep the colours',
			...sharedFal,
		},
	},
	{
		model: 'nano-banana-pro',
		operation: 'generate',
		endpoint: 'fal-ai/nano-banana-pro',
		parameters: {
			aspectRatio: 'auto',
			options: { ...shared, resolution: '1K', enableWebSearch: true, systemPrompt: 'Be exact' },
		},
		expected: {
			aspect_ratio: 'auto',
			resolution: '1K',
			enable_web_search: true,
			system_prompt: 'Be exact',
			...sharedFal,
		},
	},
	{
		model: 'nano-banana-pro',
		operation: 'edit',
		endpoint: 'fal-ai/nano-banana-pro/edit',
		parameters: {
			aspectRatio: '16:9',
			options: { ...shared, resolution: '1K', enableWebSearch: true, systemPrompt: 'Be exact' },
		},
		expected: {
			aspect_ratio: '16:9',
			resolution: '1K',
			enable_web_search: true,
			system_prompt: 'Be exact',
			...sharedFal,
		},
	},
	{
		model: 'nano-banana-lite',
		operation: 'generate',
		endpoint: 'google/nano-banana-lite',
		parameters: {
			aspectRatio: '4:1',
			options: { ...shared, thinkingLevel: 'high', systemPrompt: 'Flat colours' },
		},
		expected: {
			aspect_ratio: '4:1',
			thinking_level: 'high',
			system_prompt: 'Flat colours',
			...sharedFal,
		},
	},
	{
		model: 'nano-banana-2-lite',
		operation: 'generate',
		endpoint: 'google/nano-banana-2-lite',
		parameters: {
			aspectRatio: '1:8',
			options: { ...shared, thinkingLevel: 'high', systemPrompt: 'Bold outlines' },
		},
		expected: {
			aspect_ratio: '1:8',
			thinking_level: 'high',
			system_prompt: 'Bold outlines',
			...sharedFal,
		},
	},
	{
		model: 'nano-banana-lite',
		operation: 'edit',
		endpoint: 'google/nano-banana-lite/edit',
		parameters: { aspectRatio: 'auto', options: { ...shared, thinkingLevel: 'minimal' } },
		expected: { aspect_ratio: 'auto', thinking_level: 'minimal', ...sharedFal },
	},
];

describe('the Nano Banana family', () => {
	it.each(family)(
		'$model $operation sends exactly its fields to $endpoint',
		async ({ model, operation, endpoint, parameters, expected }) => {
			const { output } = await runNode(
				emulator,
				{ operation, model, prompt, numImages: 1, outputFormat: 'png', ...parameters },
				{ items: [photoItem()] },
			);
			const [job] = emulator.submissions();
			expect(job.endpoint).toBe(endpoint);
			const { image_urls: imageUrls, ...rest } = job.input;
			expect(rest).toEqual({
				prompt,
				num_images: 1,
				output_format: 'png',
				sync_mode: false,
				...expected,
			});
			if (operation === 'edit') expect(imageUrls).toHaveLength(1);
			else expect(imageUrls).toBeUndefined();
			// Nothing the endpoint lacks: every field sent is in fal's schema of that endpoint.
			const known = Object.keys(ENDPOINT_SCHEMAS[endpoint].fields);
			expect(Object.keys(job.input).filter((field) => !known.includes(field))).toEqual([]);
			// Status and result go to owner/app, never the /edit sub-path.
			const followUps = emulator.requests.filter((r) =>
				['status', 'stream', 'result'].includes(r.route),
			);
			expect(followUps.length).toBeGreaterThan(0);
			for (const request of followUps) {
				expect(request.targetUrl).toMatch(
					new RegExp(`^https://queue\\.fal\\.run/${appOf(endpoint)}/requests/${job.requestId}`),
				);
				expect(request.status).toBeLessThan(300);
			}
			expect(output).toHaveLength(1);
			expect(output[0].json.model).toBe(endpoint);
			expect(typeof output[0].json.billableUnits).toBe('number');
		},
	);

	it('leaves out the model fields nobody set, and keeps the old defaults for Nano Banana', async () => {
		await runNode(emulator, { prompt });
		const [job] = emulator.submissions();
		expect(job.endpoint).toBe('fal-ai/nano-banana');
		expect(job.input).toEqual({
			prompt,
			num_images: 1,
			output_format: 'jpeg',
			aspect_ratio: '1:1',
			sync_mode: false,
		});
	});

	it('makes Nano Banana 2 images at the resolution and extreme ratio asked for', async () => {
		const { execution, output } = await runNode(emulator, {
			model: 'nano-banana-2',
			prompt,
			aspectRatio: '4:1',
			outputFormat: 'png',
			options: { resolution: '0.5K' },
		});
		const size = imageDimensions(execution.readBinary(output[0].binary!.data));
		expect(size).toMatchObject({ width: 512, height: 128, contentType: 'image/png' });
		expect(output[0].json).toMatchObject({
			model: 'fal-ai/nano-banana-2',
			width: 512,
			height: 128,
		});
	});

	it('reports fal billable units from the result header', async () => {
		const { output } = await runNode(emulator, {
			model: 'nano-banana-2',
			prompt,
			numImages: 2,
			options: { resolution: '0.5K', outputMode: 'allImagesInOneItem' },
		});
		// The emulator's figure: 0.75 per 0.5K image.
		expect(output[0].json.billableUnits).toBe(1.5);
	});

	it('evaluates the model per item and sends each item to its own endpoint', async () => {
		const items = ['nano-banana', 'nano-banana-2', 'nano-banana-pro', 'nano-banana-lite'].map(
			(model) => ({ json: { model } }),
		);
		const { output } = await runNode(
			emulator,
			{ model: '={{ $json.model }}', prompt, aspectRatio: '1:1' },
			{ items },
		);
		const endpoints = [
			'fal-ai/nano-banana',
			'fal-ai/nano-banana-2',
			'fal-ai/nano-banana-pro',
			'google/nano-banana-lite',
		];
		expect(
			emulator
				.submissions()
				.map((job) => job.endpoint)
				.sort(),
		).toEqual([...endpoints].sort());
		expect(output.map((item) => item.json.model)).toEqual(endpoints);
		expect(output.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
	});
});

// fal's default aspect ratio per endpoint, from fal's schemas (the family reference).
const FAL_DEFAULT_RATIO: Record<string, string> = {
	'fal-ai/nano-banana': '1:1',
	'fal-ai/nano-banana-2': 'auto',
	'fal-ai/nano-banana-pro': '1:1',
	'google/nano-banana-lite': 'auto',
	'google/nano-banana-2-lite': 'auto',
	'fal-ai/nano-banana/edit': 'auto',
	'fal-ai/nano-banana-2/edit': 'auto',
	'fal-ai/nano-banana-pro/edit': 'auto',
	'google/nano-banana-lite/edit': 'auto',
};

describe('a model chosen per item by expression, nothing else set', () => {
	const models = [
		'nano-banana',
		'nano-banana-2',
		'nano-banana-pro',
		'nano-banana-lite',
		'nano-banana-2-lite',
	];

	it("gives every item its own model's defaults and images", async () => {
		const items = models.map((m) => ({ json: { m } }));
		const { output } = await runNode(emulator, { model: '={{ $json.m }}', prompt }, { items });
		const jobs = emulator.submissions();
		expect(jobs).toHaveLength(models.length);
		for (const job of jobs) {
			expect(job.input.aspect_ratio).toBe(FAL_DEFAULT_RATIO[job.endpoint]);
			// Nothing a model lacks, nothing set by another model's definition of a field.
			const known = Object.keys(ENDPOINT_SCHEMAS[job.endpoint as NanoBananaEndpoint].fields);
			expect(Object.keys(job.input).filter((field) => !known.includes(field))).toEqual([]);
		}
		expect(output).toHaveLength(models.length);
		expect(output.every((item) => item.binary?.data)).toBe(true);
		expect(output.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
	});

	it('edits with each model that edits, at its own default', async () => {
		const editing = models.filter((m) => m !== 'nano-banana-2-lite');
		const items = editing.map((m) => ({ ...photoItem(), json: { m } }));
		await runNode(
			emulator,
			{ operation: 'edit', model: '={{ $json.m }}', prompt },
			{ items },
		);
		const jobs = emulator.submissions();
		expect(jobs.map((job) => job.endpoint).sort()).toEqual(
			['fal-ai/nano-banana', 'fal-ai/nano-banana-2', 'fal-ai/nano-banana-pro', 'google/nano-banana-lite']
				.map((e) => `${e}/edit`)
				.sort(),
		);
		for (const job of jobs) expect(job.input.aspect_ratio).toBe('auto');
	});

	it('still refuses a ratio the item\'s model lacks, before any request', async () => {
		const items = [{ json: { m: 'nano-banana-2' } }, { json: { m: 'nano-banana-pro' } }];
		const error = await runNodeExpectingError(
			emulator,
			{ model: '={{ $json.m }}', prompt, aspectRatio: '8:1' },
			{ items },
		);
		expect(error.message).toMatch(
			/"Aspect Ratio" parameter must be one of .* for Nano Banana Pro, got "8:1" \[item 1\]/,
		);
		expect(emulator.requests).toHaveLength(0);
	});

	it('tells an edit with Nano Banana 2 Lite that fal has no edit for it, before any request', async () => {
		const error = await runNodeExpectingError(
			emulator,
			{ operation: 'edit', model: '={{ $json.m }}', prompt },
			{ items: [{ ...photoItem(), json: { m: 'nano-banana-2-lite' } }] },
		);
		expect(error.message).toBe(
			'Nano Banana 2 Lite cannot edit images: fal serves no edit endpoint for it [item 0]',
		);
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('cancelling a job of another app', () => {
	afterEach(() => {
		emulator.options.processingMs = 10;
	});

	it('cancels a Nano Banana Lite edit under google/nano-banana-lite when the timeout passes', async () => {
		emulator.options.processingMs = 5000;
		const error = await runNodeExpectingError(
			emulator,
			{ operation: 'edit', model: 'nano-banana-lite', prompt, options: { timeout: 0.3 } },
			{ items: [photoItem()] },
		);
		expect(error.message).toMatch(/did not finish within the timeout/);
		const [job] = emulator.submissions();
		expect(job.cancelled).toBe(true);
		const cancels = emulator.requests.filter((request) => request.route === 'cancel');
		expect(cancels.map((request) => [request.targetUrl, request.status])).toEqual([
			[`https://queue.fal.run/google/nano-banana-lite/requests/${job.requestId}/cancel`, 202],
		]);
	});
});

describe('values a model does not accept cost nothing', () => {
	// A field hidden for a fixed model never reaches the node (n8n drops it when it loads the
	// workflow); with the model chosen by expression it does, and the item's model must refuse it.
	const cases: Array<[string, IDataObject, RegExp]> = [
		[
			'a resolution on Nano Banana',
			{ model: '={{ "nano-banana" }}', options: { resolution: '2K' } },
			/"Resolution" option is not available on Nano Banana; it is for Nano Banana 2, Nano Banana Pro \[item 0\]/,
		],
		[
			'0.5K on Nano Banana Pro',
			{ model: 'nano-banana-pro', options: { resolution: '0.5K' } },
			/"Resolution" parameter must be one of 1K, 2K, 4K for Nano Banana Pro, got "0\.5K" \[item 0\]/,
		],
		[
			'an extreme ratio on Nano Banana Pro',
			{ model: 'nano-banana-pro', aspectRatio: '8:1' },
			/"Aspect Ratio" parameter must be one of .* for Nano Banana Pro, got "8:1" \[item 0\]/,
		],
		[
			'"auto" on Nano Banana text-to-image',
			{ model: 'nano-banana', aspectRatio: 'auto' },
			/"Aspect Ratio" .* for Nano Banana, got "auto" \[item 0\]/,
		],
		[
			'web search on Nano Banana Lite',
			{ model: '={{ "nano-banana-lite" }}', options: { enableWebSearch: true } },
			/"Enable Web Search" option is not available on Nano Banana Lite.*\[item 0\]/,
		],
		[
			'a thinking level on Nano Banana Pro',
			{ model: '={{ "nano-banana-pro" }}', options: { thinkingLevel: 'high' } },
			/"Thinking Level" option is not available on Nano Banana Pro; it is for Nano Banana 2, Nano Banana Lite, Nano Banana 2 Lite \[item 0\]/,
		],
		[
			'a thinking level fal does not know',
			{ model: 'nano-banana-2', options: { thinkingLevel: 'deep' } },
			/"Thinking Level" parameter must be one of minimal, high for Nano Banana 2, got "deep"/,
		],
		[
			'a system prompt on Nano Banana',
			{ model: '={{ "nano-banana" }}', options: { systemPrompt: 'Be nice' } },
			/"System Prompt" option is not available on Nano Banana;/,
		],
		[
			'a model that does not exist',
			{ model: 'nano-banana-3' },
			/"Model" parameter must be one of nano-banana, nano-banana-2, nano-banana-pro, nano-banana-lite, nano-banana-2-lite, other, got "nano-banana-3" \[item 0\]/,
		],
		[
			'Sync Mode with Return URLs Only',
			{ syncMode: true, options: { returnUrlsOnly: true } },
			/Sync Mode cannot be used with "Return URLs Only" \[item 0\]/,
		],
	];

	it.each(cases)('rejects %s before any request', async (_, parameters, message) => {
		const error = await runNodeExpectingError(emulator, { prompt, ...parameters });
		expect(error.message).toMatch(message);
		expect(emulator.requests).toHaveLength(0);
	});

	it("checks each value against that item's own model, before any item is sent", async () => {
		const items = [{ json: { model: 'nano-banana-2' } }, { json: { model: 'nano-banana-pro' } }];
		const error = await runNodeExpectingError(
			emulator,
			{ model: '={{ $json.model }}', prompt, aspectRatio: '8:1' },
			{ items },
		);
		expect(error.message).toMatch(/"Aspect Ratio" .* for Nano Banana Pro, got "8:1" \[item 1\]/);
		expect(emulator.requests).toHaveLength(0);
	});

	it('with Continue On Fail, fails only the item whose model refuses the value', async () => {
		const items = [{ json: { model: 'nano-banana-2' } }, { json: { model: 'nano-banana-pro' } }];
		const { output } = await runNode(
			emulator,
			{ model: '={{ $json.model }}', prompt, aspectRatio: '8:1' },
			{ items, continueOnFail: true },
		);
		expect(paid()).toBe(1);
		expect(output[0].json.model).toBe('fal-ai/nano-banana-2');
		expect(output[1].json.error).toMatch(/Nano Banana Pro, got "8:1" \[item 1\]/);
		expect(output[1].pairedItem).toEqual({ item: 1 });
	});
});

describe('Nano Banana 2 Edit: video, audio and PDF', () => {
	const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

	it('uploads a PDF from a binary field and sends it as pdf_url, with no image needed', async () => {
		// The PDF is in "data", as after Read Files from Disk; Input Binary Fields stays at "data".
		const { output } = await runNode(
			emulator,
			{
				operation: 'edit',
				model: 'nano-banana-2',
				prompt: 'A cover image for this document',
				pdfBinaryField: 'data',
			},
			{ items: [{ json: {}, binary: { data: binary(pdf, 'application/pdf', 'brief.pdf') } }] },
		);
		const [job] = emulator.submissions();
		expect(job.endpoint).toBe('fal-ai/nano-banana-2/edit');
		expect(job.input.image_urls).toBeUndefined();
		expect(job.receivedMedia?.pdf_url.bytes?.equals(pdf)).toBe(true);
		const upload = emulator.uploads.get(job.input.pdf_url as string);
		expect(upload).toMatchObject({ contentType: 'application/pdf', fileName: 'brief.pdf' });
		expect(output[0].json.model).toBe('fal-ai/nano-banana-2/edit');
	});

	it('sends video and audio URLs as given, next to the images', async () => {
		await runNode(emulator, { prompt: 'a reference' });
		const mediaUrl = [...emulator.media.keys()][0];
		await runNode(
			emulator,
			{
				operation: 'edit',
				model: 'nano-banana-2',
				prompt,
				videoUrl: mediaUrl,
				audioUrl: mediaUrl,
			},
			{ items: [photoItem()] },
		);
		const job = emulator.submissions()[1];
		expect(job.input).toMatchObject({ video_url: mediaUrl, audio_url: mediaUrl });
		expect(job.receivedMedia?.video_url.bytes).toBeTruthy();
		expect(job.input.image_urls).toHaveLength(1);
		expect(job.input.pdf_url).toBeUndefined();
	});

	it('refuses a file over 15 MB, media on another model, and bad URLs, all in one message', async () => {
		const big = Buffer.alloc(15 * 1024 * 1024 + 1);
		const error = await runNodeExpectingError(
			emulator,
			{
				operation: 'edit',
				model: 'nano-banana-2',
				prompt,
				audioBinaryField: 'song',
				videoUrl: 'ftp://example.com/a.mp4',
			},
			{
				items: [
					{ json: {}, binary: { ...photoItem().binary, song: binary(big, 'audio/mpeg', 'a.mp3') } },
				],
			},
		);
		expect(error.message).toMatch(/"Video URL" parameter holds "ftp:\/\/example\.com\/a\.mp4"/);
		expect(error.message).toMatch(
			/binary field "song" is 15\.0 MB; fal reads files of up to 15 MB/,
		);
		expect(emulator.requests).toHaveLength(0);

		const other = await runNodeExpectingError(
			emulator,
			{
				operation: 'edit',
				model: '={{ "nano-banana-pro" }}',
				prompt,
				pdfUrl: 'https://example.com/a.pdf',
			},
			{ items: [photoItem()] },
		);
		expect(other.message).toMatch(
			/"PDF URL" parameter is not available on Nano Banana Pro; only nano-banana-2 edits read a pdf \[item 0\]/,
		);
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('URLs instead of downloads', () => {
	it('Return URLs Only downloads nothing and puts each URL in the JSON', async () => {
		const { output } = await runNode(emulator, {
			model: 'nano-banana-2',
			prompt,
			numImages: 2,
			options: { returnUrlsOnly: true },
		});
		expect(emulator.requests.filter((r) => r.route === 'media')).toHaveLength(0);
		expect(output).toHaveLength(2);
		const produced = [...emulator.media.keys()];
		output.forEach((item, index) => {
			expect(item.binary).toBeUndefined();
			expect(item.json).toMatchObject({
				url: produced[index],
				index,
				model: 'fal-ai/nano-banana-2',
				prompt,
				requestId: emulator.submissions()[0].requestId,
			});
			expect(typeof item.json.description).toBe('string');
		});
	});

	it('as an AI Agent tool, returns one item with the image URLs and downloads nothing', async () => {
		const { output } = await runNode(
			emulator,
			{ model: 'nano-banana-pro', prompt, numImages: 2 },
			{ nodeType: 'n8n-nodes-fal-nano-banana.nanoBananaTool' },
		);
		expect(emulator.requests.filter((r) => r.route === 'media')).toHaveLength(0);
		expect(output).toHaveLength(1);
		const [item] = output;
		expect(item.binary).toBeUndefined();
		expect(JSON.stringify(item.json)).not.toMatch(/base64/);
		expect(item.json).toMatchObject({
			model: 'fal-ai/nano-banana-pro',
			prompt,
			requestId: emulator.submissions()[0].requestId,
		});
		const images = item.json.images as IDataObject[];
		expect(images.map((image) => image.url)).toEqual([...emulator.media.keys()]);
	});

	it('as an AI Agent tool, refuses Sync Mode with a clear message for the agent and no request', async () => {
		// A tool's failure is its answer to the agent: n8n gives the model nothing when a tool throws.
		const { output } = await runNode(
			emulator,
			{ prompt, syncMode: true },
			{ nodeType: 'n8n-nodes-fal-nano-banana.nanoBananaTool' },
		);
		expect(output).toHaveLength(1);
		expect(output[0].binary).toBeUndefined();
		expect(String(output[0].json.error)).toMatch(
			/Sync Mode cannot be used when an AI Agent calls this node as a tool \[item 0\]/,
		);
		expect(emulator.requests).toHaveLength(0);
	});
});
