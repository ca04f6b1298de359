import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { FalEmulator, imageDimensions } from '../emulator';
import {
	runNode,
	runNodeExpectingError,
	runNodeWithoutProxyUrl,
	TEST_KEY,
} from '../helpers/runNode';
import type { TestExecution } from '../helpers/executeFunctions';
import { useEmulator } from '../helpers/emulator';

let emulator: FalEmulator;
useEmulator({ processingMs: 20 }, (started) => (emulator = started));

const prompt = 'A ripe banana wearing sunglasses on a beach';

function binaryOf(item: INodeExecutionData, property = 'data'): IBinaryData {
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`no binary "${property}" on ${JSON.stringify(item.json)}`);
	return binary;
}

/** The bytes the emulator served for this output item's fal URL. */
function servedBytes(item: INodeExecutionData): Buffer {
	const file = emulator.media.get(item.json.url as string);
	if (!file) throw new Error(`the emulator never produced ${String(item.json.url)}`);
	return file.bytes;
}

function expectSameBytes(execution: TestExecution, item: INodeExecutionData, property = 'data') {
	expect(execution.readBinary(binaryOf(item, property)).equals(servedBytes(item))).toBe(true);
}

describe('Generate Image', () => {
	it('sends every parameter to fal under its fal name with the right type', async () => {
		await runNode(emulator, {
			operation: 'generate',
			prompt,
			numImages: 3,
			outputFormat: 'png',
			aspectRatio: '16:9',
			syncMode: false,
		});
		const [job] = emulator.submissions();
		expect(job.endpoint).toBe('fal-ai/nano-banana');
		expect(job.input).toEqual({
			prompt,
			num_images: 3,
			output_format: 'png',
			aspect_ratio: '16:9',
			sync_mode: false,
		});
	});

	it('sends the defaults when only a prompt is set', async () => {
		await runNode(emulator, { prompt });
		expect(emulator.submissions()[0].input).toEqual({
			prompt,
			num_images: 1,
			output_format: 'jpeg',
			aspect_ratio: '1:1',
			sync_mode: false,
		});
	});

	it('sends the optional model fields only when they are added', async () => {
		await runNode(emulator, {
			prompt,
			options: { seed: 42, safetyTolerance: '2', limitGenerations: true },
		});
		expect(emulator.submissions()[0].input).toMatchObject({
			seed: 42,
			safety_tolerance: '2',
			limit_generations: true,
		});
	});

	it('returns one binary item per image holding exactly the PNG bytes fal served', async () => {
		const { execution, output } = await runNode(emulator, {
			prompt,
			numImages: 4,
			outputFormat: 'png',
			aspectRatio: '16:9',
		});
		expect(output).toHaveLength(4);
		const requestId = emulator.submissions()[0].requestId;
		output.forEach((item, index) => {
			const binary = binaryOf(item);
			expect(binary.mimeType).toBe('image/png');
			expect(binary.fileExtension).toBe('png');
			expect(binary.fileName).toMatch(/\.png$/);
			expectSameBytes(execution, item);
			const { width, height } = imageDimensions(execution.readBinary(binary)) ?? {};
			expect(width! / height!).toBeCloseTo(16 / 9, 1);
			expect(item.json).toMatchObject({
				index,
				requestId,
				description: expect.any(String),
				url: expect.stringMatching(/^http/),
				fileName: binary.fileName,
				mimeType: 'image/png',
				width,
				height,
			});
			expect(item.pairedItem).toEqual({ item: 0 });
		});
		expect(new Set(output.map((item) => item.json.url)).size).toBe(4);
		// Unique names, so saving all images to one folder overwrites none.
		expect(new Set(output.map((item) => binaryOf(item).fileName)).size).toBe(4);
	});

	it('returns a single JPEG with the .jpg extension', async () => {
		const { execution, output } = await runNode(emulator, {
			prompt,
			outputFormat: 'jpeg',
			aspectRatio: '9:16',
		});
		expect(output).toHaveLength(1);
		const binary = binaryOf(output[0]);
		expect(binary.mimeType).toBe('image/jpeg');
		expect(binary.fileName).toMatch(/\.jpg$/);
		expectSameBytes(execution, output[0]);
		const bytes = execution.readBinary(binary);
		expect(bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
	});

	it('stores binaries in filesystem mode as n8n 2.x does', async () => {
		const { execution, output } = await runNode(
			emulator,
			{ prompt, numImages: 2 },
			{ binaryMode: 'filesystem' },
		);
		for (const item of output) {
			expect(binaryOf(item).id).toMatch(/^filesystem-v2:/);
			expectSameBytes(execution, item);
		}
	});

	it('evaluates expressions per item and pairs each image with its item', async () => {
		const items = [
			{ json: { subject: 'a cat', count: 1, ratio: '4:3' } },
			{ json: { subject: 'a dog', count: 2, ratio: '3:4' } },
			{ json: { subject: 'an owl', count: '3', ratio: '21:9' } },
		];
		const { output } = await runNode(
			emulator,
			{
				prompt: '=A watercolour of {{ $json.subject }}',
				numImages: '={{ $json.count }}',
				aspectRatio: '={{ $json.ratio }}',
				outputFormat: '={{ $itemIndex === 1 ? "png" : "jpeg" }}',
			},
			{ items },
		);
		const inputs = emulator
			.submissions()
			.map((job) => job.input)
			.sort((a, b) => String(a.prompt).localeCompare(String(b.prompt)));
		expect(inputs).toEqual([
			{
				prompt: 'A watercolour of a cat',
				num_images: 1,
				aspect_ratio: '4:3',
				output_format: 'jpeg',
				sync_mode: false,
			},
			{
				prompt: 'A watercolour of a dog',
				num_images: 2,
				aspect_ratio: '3:4',
				output_format: 'png',
				sync_mode: false,
			},
			{
				prompt: 'A watercolour of an owl',
				num_images: 3,
				aspect_ratio: '21:9',
				output_format: 'jpeg',
				sync_mode: false,
			},
		]);
		expect(output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 1 },
			{ item: 2 },
			{ item: 2 },
			{ item: 2 },
		]);
		expect(output.map((item) => item.json.prompt)).toEqual([
			'A watercolour of a cat',
			'A watercolour of a dog',
			'A watercolour of a dog',
			'A watercolour of an owl',
			'A watercolour of an owl',
			'A watercolour of an owl',
		]);
		expect(output.map((item) => binaryOf(item).mimeType)).toEqual([
			'image/jpeg',
			'image/png',
			'image/png',
			'image/jpeg',
			'image/jpeg',
			'image/jpeg',
		]);
	});

	it('decodes sync-mode data URIs into the same binaries and leaves no base64 in the JSON', async () => {
		const { execution, output } = await runNode(emulator, {
			prompt,
			numImages: 2,
			syncMode: true,
			outputFormat: 'png',
		});
		const job = emulator.submissions()[0];
		expect(job.input.sync_mode).toBe(true);
		const served = job.output!.images.map((image) => image.url);
		expect(served.every((url) => url.startsWith('data:image/png;base64,'))).toBe(true);
		output.forEach((item, index) => {
			const expected = Buffer.from(served[index].split(',')[1], 'base64');
			expect(execution.readBinary(binaryOf(item)).equals(expected)).toBe(true);
			expect(binaryOf(item).mimeType).toBe('image/png');
			expect(item.json.url).toBeNull();
			expect(JSON.stringify(item.json)).not.toMatch(/base64|data:image/);
		});
	});

	it('puts all images of an item on one output item in "all images in one item" mode', async () => {
		const { execution, output } = await runNode(emulator, {
			prompt,
			numImages: 3,
			options: { outputMode: 'allImagesInOneItem', binaryPropertyOutput: 'image' },
		});
		expect(output).toHaveLength(1);
		const [item] = output;
		expect(Object.keys(item.binary ?? {})).toEqual(['image', 'image_1', 'image_2']);
		const images = item.json.images as Array<{
			binaryProperty: string;
			url: string;
			index: number;
		}>;
		expect(images.map((image) => image.binaryProperty)).toEqual(['image', 'image_1', 'image_2']);
		images.forEach((image) => {
			const bytes = execution.readBinary(binaryOf(item, image.binaryProperty));
			expect(bytes.equals(emulator.media.get(image.url)!.bytes)).toBe(true);
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json.description).toEqual(expect.any(String));
	});

	it('writes to the binary field named in "Put Output in Field"', async () => {
		const { output } = await runNode(emulator, {
			prompt,
			options: { binaryPropertyOutput: 'picture' },
		});
		expect(Object.keys(output[0].binary ?? {})).toEqual(['picture']);
	});

	it('reaches fal only through the proxy, always with the credential key', async () => {
		await runNode(emulator, { prompt });
		const proxied = emulator.requests.filter((request) => request.route !== 'media');
		expect(proxied.length).toBeGreaterThanOrEqual(3);
		for (const request of proxied) {
			expect(request.targetUrl).toMatch(/^https:\/\/queue\.fal\.run\/fal-ai\/nano-banana/);
			expect(request.key).toBe(TEST_KEY);
		}
	});
});

describe('bad input costs nothing', () => {
	const cases: Array<[string, IDataObject, RegExp]> = [
		['an empty prompt', { prompt: '' }, /"Prompt" parameter is empty/],
		['a whitespace prompt', { prompt: '  \n\t ' }, /"Prompt" parameter is empty/],
		['zero images', { prompt, numImages: 0 }, /"Number of Images".*1 to 4, got 0/],
		['five images', { prompt, numImages: 5 }, /"Number of Images".*got 5/],
		['a fractional count', { prompt, numImages: 2.5 }, /"Number of Images".*whole number.*2\.5/],
		['a count that is text', { prompt, numImages: '={{ "many" }}' }, /"Number of Images".*"many"/],
		['an unknown ratio', { prompt, aspectRatio: '7:5' }, /"Aspect Ratio".*"7:5"/],
		['an unknown format', { prompt, outputFormat: 'gif' }, /"Output Format".*"gif"/],
		[
			'a sync flag that is not boolean',
			{ prompt, syncMode: '={{ "yes" }}' },
			/"Sync Mode".*true or false.*"yes"/,
		],
		[
			'an empty output field',
			{ prompt, options: { binaryPropertyOutput: ' ' } },
			/"Put Output in Field"/,
		],
		['a concurrency of 17', { prompt, options: { concurrency: 17 } }, /"Concurrency".*1 to 16/],
		[
			'a timeout of zero',
			{ prompt, options: { timeout: 0 } },
			/"Timeout \(Seconds\)" option must be a positive number, got 0/,
		],
	];

	it.each(cases)(
		'rejects %s with a named parameter and item, before any request',
		async (_, parameters, message) => {
			const error = await runNodeExpectingError(emulator, parameters);
			expect(error.message).toMatch(message);
			expect(error.message).toMatch(/\[item 0\]$/);
			expect(emulator.requests).toHaveLength(0);
		},
	);

	it('checks every item before sending anything, so a bad item 2 stops the run at no cost', async () => {
		const items = [{ json: { p: 'one' } }, { json: { p: 'two' } }, { json: { p: '' } }];
		const error = await runNodeExpectingError(emulator, { prompt: '={{ $json.p }}' }, { items });
		expect(error.message).toMatch(/"Prompt" parameter is empty \[item 2\]/);
		expect(emulator.requests).toHaveLength(0);
	});

	it('with Continue On Fail, a bad item gets an error item and the others their images', async () => {
		const items = [{ json: { p: 'one' } }, { json: { p: ' ' } }, { json: { p: 'three' } }];
		const { output } = await runNode(
			emulator,
			{ prompt: '={{ $json.p }}' },
			{ items, continueOnFail: true },
		);
		expect(output).toHaveLength(3);
		expect(output[0].binary?.data).toBeDefined();
		expect(output[1]).toEqual({
			json: { error: expect.stringMatching(/"Prompt" parameter is empty \[item 1\]/) },
			pairedItem: { item: 1 },
		});
		expect(output[2].binary?.data).toBeDefined();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(emulator.submissions()).toHaveLength(2);
	});
});

describe('fal errors become clear messages', () => {
	it('says a rejected key is rejected and points at the credential, without the key', async () => {
		const error = await runNodeExpectingError(
			emulator,
			{ prompt },
			{ credentials: { apiKey: 'wrong-key-000:zzz', proxyUrl: emulator.proxyUrl } },
		);
		expect(error.message).toMatch(/fal rejected the API key \(401\)/);
		// fal's own text is kept: here the emulator's, which says it is not fal (npm run dev).
		expect(error.message).toContain('This is the local fal emulator, not fal.ai');
		expect(error.description).toMatch(/"Fal API" credential/);
		expect(`${error.message} ${error.description}`).not.toContain('wrong-key-000:zzz');
		expect(emulator.submissions()).toHaveLength(0);
	});

	it('lists each field fal named in a 422', async () => {
		emulator.failNext('submit', {
			kind: 'http',
			status: 422,
			body: {
				detail: [
					{
						loc: ['body', 'prompt'],
						msg: 'Prompt violates the content policy',
						type: 'value_error',
					},
					{
						loc: ['body', 'num_images'],
						msg: 'Input should be less than or equal to 2',
						type: 'less_than_equal',
					},
				],
			},
		});
		const error = await runNodeExpectingError(emulator, { prompt, numImages: 3 });
		expect(error.message).toContain('fal rejected the input (422)');
		expect(error.message).toContain('prompt: Prompt violates the content policy');
		expect(error.message).toContain('num_images: Input should be less than or equal to 2');
		expect(error.message).not.toContain('Unprocessable Entity');
	});

	it('gives the status, fal detail and request id of a failed result', async () => {
		emulator.failNext('result', {
			kind: 'http',
			status: 500,
			body: { detail: 'GPU worker crashed' },
			times: 10,
		});
		const error = await runNodeExpectingError(emulator, { prompt, options: { maxRetries: 0 } });
		const requestId = emulator.submissions()[0].requestId;
		expect(error.message).toContain('HTTP 500');
		expect(error.message).toContain('GPU worker crashed');
		expect(error.message).toContain(requestId);
		expect(error.message).toMatch(/\[item 0\]$/);
	});

	it('fails an item whose prompt the model declined, quoting its answer', async () => {
		emulator.behaviour.emptyImages = true;
		const error = await runNodeExpectingError(emulator, { prompt });
		const job = emulator.submissions()[0];
		expect(error.message).toContain('no image');
		expect(error.message).toContain(job.requestId);
		expect(error.message).toContain(String(job.output?.description));
	});

	it('with Continue On Fail, a fal failure on one item leaves the others their images', async () => {
		const items = [{ json: { p: 'one' } }, { json: { p: 'two' } }, { json: { p: 'three' } }];
		emulator.failNext('submit', {
			kind: 'http',
			status: 422,
			body: { detail: [{ loc: ['body', 'prompt'], msg: 'flagged' }] },
		});
		const { output, execution } = await runNode(
			emulator,
			{ prompt: '={{ $json.p }}', options: { concurrency: 1 } },
			{ items, continueOnFail: true },
		);
		expect(output).toHaveLength(3);
		expect(output[0].json.error).toMatch(/prompt: flagged \[item 0\]/);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		for (const item of output.slice(1)) expectSameBytes(execution, item);
		expect(output.slice(1).map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
	});

	it('never shows the key in errors, logs or output', async () => {
		const items = [{ json: {} }, { json: {} }, { json: {} }];
		emulator.failNext('submit', {
			kind: 'http',
			status: 500,
			body: { detail: `echo ${TEST_KEY}` },
		});
		emulator.failNext('result', {
			kind: 'http',
			status: 403,
			body: { detail: `Key ${TEST_KEY} is locked` },
			times: 20,
		});
		const { output, execution } = await runNode(
			emulator,
			{ prompt, options: { concurrency: 1, maxRetries: 0 } },
			{ items, continueOnFail: true },
		);
		const errors = output.filter((item) => item.json.error);
		expect(errors.length).toBeGreaterThanOrEqual(2);
		const everything = JSON.stringify({ output, logs: execution.logs });
		expect(everything).not.toContain(TEST_KEY);
		expect(everything).toContain('***');
	});
});

describe('Generate Image without a Proxy URL (n8n behind HTTPS_PROXY)', () => {
	it('calls queue.fal.run with the key and downloads the images from fal.media itself', async () => {
		const { execution, output } = await runNodeWithoutProxyUrl(emulator, {
			operation: 'generate',
			prompt,
			numImages: 2,
			outputFormat: 'png',
		});

		expect(output).toHaveLength(2);
		for (const item of output) {
			expect(item.json.url).toMatch(/^https:\/\/v3\.fal\.media\/files\//);
			expectSameBytes(execution, item);
		}
		// Every request went to fal's real host names, through a CONNECT tunnel of n8n's proxy.
		const tunnelled = new Set(emulator.tunnels.map((tunnel) => tunnel.authority));
		expect([...tunnelled].sort()).toEqual(['queue.fal.run:443', 'v3.fal.media:443']);
		for (const request of emulator.requests) {
			const host = new URL(request.targetUrl ?? 'http://none').host;
			expect(request.headers.host).toBe(host);
			expect(request.headers['x-fal-target-url']).toBeUndefined();
		}
		const submit = emulator.requests.find((request) => request.route === 'submit');
		expect(submit?.targetUrl).toBe('https://queue.fal.run/fal-ai/nano-banana');
		expect(submit?.headers.authorization).toBe(`Key ${TEST_KEY}`);
		const downloads = emulator.requests.filter((request) => request.route === 'media');
		expect(downloads).toHaveLength(2);
		// fal's CDN needs no key, and the key must not travel there.
		for (const download of downloads) expect(download.headers.authorization).toBeUndefined();
		expect(emulator.submissions()).toHaveLength(1);
	});
});
