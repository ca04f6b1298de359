import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { FalEmulator, imageDimensions } from '../emulator';
import { generateImage, imageSeed, type OutputFormat } from '../emulator/images/generate';
import { NanoBanana } from '../../nodes/NanoBanana/NanoBanana.node';
import { TestExecution } from '../helpers/executeFunctions';
import {
	runNode,
	runNodeExpectingError,
	runNodeWithoutProxyUrl,
	TEST_KEY,
} from '../helpers/runNode';
import { useEmulator } from '../helpers/emulator';

let emulator: FalEmulator;
useEmulator({ processingMs: 10 }, (started) => (emulator = started));

const prompt = 'Put the product on a marble table';

function picture(name: string, format: OutputFormat = 'png', width = 96, height = 64): Buffer {
	return generateImage({ size: { width, height }, format, seed: imageSeed(['input', name]) }).bytes;
}

function binary(bytes: Buffer, mimeType: string, fileName: string): IBinaryData {
	return { data: bytes.toString('base64'), mimeType, fileName };
}

function itemWith(binaries: Record<string, IBinaryData>, json = {}): INodeExecutionData {
	return { json, binary: binaries };
}

const paid = () => emulator.submissions().length;
const uploadsStarted = () =>
	emulator.requests.filter((request) => request.route === 'upload-initiate').length;

describe('Edit Image', () => {
	it('uploads the input binary and fal receives exactly its bytes', async () => {
		const photo = picture('photo');
		const { execution, output } = await runNode(
			emulator,
			{ operation: 'edit', prompt },
			{ items: [itemWith({ data: binary(photo, 'image/png', 'photo.png') })] },
		);
		const [job] = emulator.submissions();
		expect(job.endpoint).toBe('fal-ai/nano-banana/edit');
		expect(job.input).toMatchObject({
			prompt,
			aspect_ratio: 'auto',
			num_images: 1,
			output_format: 'jpeg',
			sync_mode: false,
		});
		expect(job.receivedImages).toHaveLength(1);
		expect(job.receivedImages![0].bytes!.equals(photo)).toBe(true);
		const upload = [...emulator.uploads.values()][0];
		expect(upload.contentType).toBe('image/png');
		expect(upload.fileName).toBe('photo.png');
		// The edited image comes back as a binary like Generate's.
		expect(output).toHaveLength(1);
		const edited = execution.readBinary(output[0].binary!.data);
		expect(edited.equals(emulator.media.get(output[0].json.url as string)!.bytes)).toBe(true);
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	it('follows the input image shape with aspect ratio "auto"', async () => {
		const wide = picture('wide', 'png', 160, 90);
		const { execution, output } = await runNode(
			emulator,
			{ operation: 'edit', prompt },
			{ items: [itemWith({ data: binary(wide, 'image/png', 'wide.png') })] },
		);
		const { width, height } = imageDimensions(execution.readBinary(output[0].binary!.data))!;
		expect(width / height).toBeCloseTo(16 / 9, 1);
	});

	it('keeps the order of mixed sources: named binaries, then URLs', async () => {
		const first = picture('first');
		const second = picture('second', 'jpeg');
		// A URL fal can read: an image the emulator produced earlier.
		await runNode(emulator, { prompt: 'a reference' });
		const referenceUrl = [...emulator.media.keys()][0];
		const { output } = await runNode(
			emulator,
			{ operation: 'edit', prompt, inputBinaryFields: 'second, first', imageUrls: [referenceUrl] },
			{
				items: [
					itemWith({
						first: binary(first, 'image/png', 'a.png'),
						second: binary(second, 'image/jpeg', 'b.jpg'),
					}),
				],
			},
		);
		expect(output).toHaveLength(1);
		const job = emulator.submissions()[1];
		const received = job.receivedImages!.map((image) => image.bytes);
		expect(received[0]!.equals(second)).toBe(true);
		expect(received[1]!.equals(first)).toBe(true);
		expect(received[2]!.equals(emulator.media.get(referenceUrl)!.bytes)).toBe(true);
		expect((job.input.image_urls as string[])[2]).toBe(referenceUrl);
	});

	it('sends every image binary of the item with "Use All Image Binaries on the Item", skipping other files', async () => {
		const a = picture('a');
		const b = picture('b', 'jpeg');
		const { output } = await runNode(
			emulator,
			{ operation: 'edit', prompt, useAllImageBinaries: true },
			{
				items: [
					itemWith({
						a: binary(a, 'image/png', 'a.png'),
						notes: binary(Buffer.from('hello'), 'text/plain', 'notes.txt'),
						b: binary(b, 'image/jpeg', 'b.jpg'),
					}),
				],
			},
		);
		expect(output).toHaveLength(1);
		const received = emulator.submissions()[0].receivedImages!.map((image) => image.bytes);
		expect(received).toHaveLength(2);
		expect(received[0]!.equals(a)).toBe(true);
		expect(received[1]!.equals(b)).toBe(true);
	});

	it('accepts an image whose MIME type is generic, judged by its first bytes', async () => {
		const photo = picture('generic');
		await runNode(
			emulator,
			{ operation: 'edit', prompt },
			{ items: [itemWith({ data: binary(photo, 'application/octet-stream', 'upload.bin') })] },
		);
		const upload = [...emulator.uploads.values()][0];
		expect(upload.contentType).toBe('image/png');
		expect(upload.fileName).toBe('upload.png');
		expect(emulator.submissions()[0].receivedImages![0].bytes!.equals(photo)).toBe(true);
	});

	it('uploads identical images once per execution, however many items carry them', async () => {
		const logo = picture('logo');
		const items = [0, 1, 2, 3].map((n) =>
			itemWith({
				data: binary(logo, 'image/png', 'logo.png'),
				photo: binary(picture(`p${n % 2}`), 'image/png', 'p.png'),
			}),
		);
		const { output } = await runNode(
			emulator,
			{ operation: 'edit', prompt, inputBinaryFields: 'data,photo' },
			{ items },
		);
		expect(output).toHaveLength(4);
		// logo + two distinct photos
		expect(uploadsStarted()).toBe(3);
		expect(emulator.uploads.size).toBe(3);
		for (const job of emulator.submissions())
			expect(job.receivedImages![0].bytes!.equals(logo)).toBe(true);
	});

	it('keeps the input binaries next to the edited image with "Keep Input Images"', async () => {
		const photo = picture('before');
		const { execution, output } = await runNode(
			emulator,
			{
				operation: 'edit',
				prompt,
				options: { keepInputBinaries: true, binaryPropertyOutput: 'after' },
			},
			{ items: [itemWith({ data: binary(photo, 'image/png', 'before.png') })] },
		);
		expect(Object.keys(output[0].binary ?? {}).sort()).toEqual(['after', 'data']);
		expect(execution.readBinary(output[0].binary!.data).equals(photo)).toBe(true);
	});

	it('keeps the original with default settings: the edit goes to "edited"', async () => {
		const photo = picture('kept');
		const { execution, output } = await runNode(
			emulator,
			{ operation: 'edit', prompt, options: { keepInputBinaries: true } },
			{ items: [itemWith({ data: binary(photo, 'image/png', 'kept.png') })] },
		);
		expect(Object.keys(output[0].binary ?? {}).sort()).toEqual(['data', 'edited']);
		expect(execution.readBinary(output[0].binary!.data).equals(photo)).toBe(true);
		const edited = execution.readBinary(output[0].binary!.edited);
		expect(edited.equals(emulator.media.get(output[0].json.url as string)!.bytes)).toBe(true);
		expect(output[0].json.binaryProperty).toBe('edited');
	});

	it('refuses an output field that would overwrite a kept input image, before any request', async () => {
		const error = await runNodeExpectingError(
			emulator,
			{
				operation: 'edit',
				prompt,
				options: { keepInputBinaries: true, binaryPropertyOutput: 'data' },
			},
			{ items: [itemWith({ data: binary(picture('x'), 'image/png', 'x.png') })] },
		);
		expect(error.message).toMatch(
			/"Put Output in Field" is "data", which would overwrite the kept input image of that name \[item 0\]/,
		);
		expect(emulator.requests).toHaveLength(0);
	});

	it('judges generic MIME types by their first bytes with "Use All Image Binaries" too', async () => {
		const photo = picture('generic-all');
		await runNode(
			emulator,
			{ operation: 'edit', prompt, useAllImageBinaries: true },
			{
				items: [
					itemWith({
						upload: binary(photo, 'application/octet-stream', 'upload.bin'),
						blob: binary(Buffer.from('not an image'), 'application/octet-stream', 'b.bin'),
					}),
				],
			},
		);
		const received = emulator.submissions()[0].receivedImages!;
		expect(received).toHaveLength(1);
		expect(received[0].bytes!.equals(photo)).toBe(true);
	});

	it('edits from URLs alone on an item without binaries, Input Binary Fields left at "data"', async () => {
		await runNode(emulator, { prompt: 'a reference' });
		const referenceUrl = [...emulator.media.keys()][0];
		const { output } = await runNode(
			emulator,
			{ operation: 'edit', prompt, imageUrls: [referenceUrl] },
			{ items: [{ json: {} }] },
		);
		expect(output).toHaveLength(1);
		const job = emulator.submissions()[1];
		expect(job.input.image_urls).toEqual([referenceUrl]);
	});

	it('edits the images a Generate run produced, with no glue in between', async () => {
		const generated = await runNode(
			emulator,
			{ prompt: 'a red bicycle', numImages: 2 },
			{ binaryMode: 'filesystem' },
		);
		const generatedBytes = generated.output.map((item) =>
			generated.execution.readBinary(item.binary!.data),
		);
		// The next node sees Generate's output items, binaries stored on disk, as its input.
		const next = new TestExecution({
			items: generated.output,
			parameters: { operation: 'edit', prompt: 'make it blue' },
			credentials: { apiKey: TEST_KEY, proxyUrl: emulator.proxyUrl },
			binaryMode: 'filesystem',
			storageDir: generated.execution.storageDir,
		});
		const [output] = await new NanoBanana().execute.call(next.context());
		expect(output).toHaveLength(2);
		const edits = emulator
			.submissions()
			.filter((job) => job.endpoint === 'fal-ai/nano-banana/edit');
		expect(edits).toHaveLength(2);
		edits
			.sort((a, b) => a.submittedAt - b.submittedAt)
			.forEach((job) =>
				expect(generatedBytes.some((bytes) => job.receivedImages![0].bytes!.equals(bytes))).toBe(
					true,
				),
			);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('asks fal for status and result under fal-ai/nano-banana/requests, without the /edit sub-path', async () => {
		await runNode(
			emulator,
			{ operation: 'edit', prompt, imageUrls: [] },
			{ items: [itemWith({ data: binary(picture('x'), 'image/png', 'x.png') })] },
		);
		const followUps = emulator.requests.filter((request) =>
			['stream', 'status', 'result'].includes(request.route),
		);
		expect(followUps.length).toBeGreaterThanOrEqual(2);
		for (const request of followUps) {
			expect(request.targetUrl).toMatch(
				/^https:\/\/queue\.fal\.run\/fal-ai\/nano-banana\/requests\//,
			);
			expect(request.status).toBe(200);
		}
		const submit = emulator.requests.find((request) => request.route === 'submit');
		expect(submit?.targetUrl).toBe('https://queue.fal.run/fal-ai/nano-banana/edit');
	});
});

describe('Edit Image: bad input costs nothing', () => {
	const photo = () => binary(picture('ok'), 'image/png', 'ok.png');
	const cases: Array<[string, Record<string, unknown>, INodeExecutionData, RegExp]> = [
		[
			'a binary field that does not exist, listing the ones that do',
			{ inputBinaryFields: 'image' },
			itemWith({ data: photo(), logo: photo() }),
			/no binary field "image" \(it has data, logo\) \[item 0\]/,
		],
		[
			'a binary that is not an image',
			{},
			itemWith({ data: binary(Buffer.from('%PDF-1.7'), 'application/pdf', 'a.pdf') }),
			/"data" is not an image \(application\/pdf\)/,
		],
		[
			'generic bytes that are not an image',
			{},
			itemWith({ data: binary(Buffer.from('just text'), 'application/octet-stream', 'a.bin') }),
			/"data" is not an image/,
		],
		[
			'no reference image at all',
			{ useAllImageBinaries: true },
			itemWith({}),
			/No image to edit \[item 0\]/,
		],
		[
			'a URL that is not http(s)',
			{ inputBinaryFields: '', imageUrls: ['ftp://example.com/a.png'] },
			itemWith({}),
			/"Image URLs".*ftp:\/\/example\.com\/a\.png.*not an http\(s\) URL/,
		],
		[
			'a URL that is not a URL',
			{ inputBinaryFields: '', imageUrls: ['my photo'] },
			itemWith({}),
			/"Image URLs".*"my photo"/,
		],
		['an item without binaries or URLs', {}, { json: {} }, /^No image to edit \[item 0\]/],
		[
			'a named field on an item that carries other binaries',
			{ imageUrls: ['https://example.com/a.png'] },
			itemWith({ logo: photo() }),
			/no binary field "data" \(it has logo\) \[item 0\]/,
		],
	];

	it.each(cases)('rejects %s before any request', async (_, parameters, item, message) => {
		const error = await runNodeExpectingError(
			emulator,
			{ operation: 'edit', prompt, ...parameters },
			{ items: [item] },
		);
		expect(error.message).toMatch(message);
		expect(emulator.requests).toHaveLength(0);
		expect(paid()).toBe(0);
	});

	it('reports every problem of the item in one message', async () => {
		const error = await runNodeExpectingError(
			emulator,
			{
				operation: 'edit',
				prompt,
				inputBinaryFields: 'image',
				imageUrls: ['ftp://example.com/a.png'],
			},
			{ items: [itemWith({ data: photo(), logo: photo() })] },
		);
		expect(error.message).toMatch(/no binary field "image" \(it has data, logo\)/);
		expect(error.message).toMatch(
			/"Image URLs".*ftp:\/\/example\.com\/a\.png.*not an http\(s\) URL/,
		);
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('Edit Image without a Proxy URL (n8n behind HTTPS_PROXY)', () => {
	it('uploads through rest.fal.ai, submits to queue.fal.run and fal receives the bytes', async () => {
		const photo = picture('direct');
		const { execution, output } = await runNodeWithoutProxyUrl(
			emulator,
			{ operation: 'edit', prompt },
			{ items: [itemWith({ data: binary(photo, 'image/png', 'direct.png') })] },
		);

		const [job] = emulator.submissions();
		expect(job.endpoint).toBe('fal-ai/nano-banana/edit');
		expect(job.receivedImages![0].bytes!.equals(photo)).toBe(true);
		expect(output).toHaveLength(1);
		expect(output[0].json.url).toMatch(/^https:\/\/v3\.fal\.media\/files\//);
		const edited = execution.readBinary(output[0].binary!.data);
		expect(edited.equals(emulator.media.get(output[0].json.url as string)!.bytes)).toBe(true);

		// fal's real hosts, reached through CONNECT tunnels; the key goes to fal's API only.
		const byRoute = (route: string) => emulator.requests.filter((r) => r.route === route);
		const [initiate] = byRoute('upload-initiate');
		expect(initiate.targetUrl).toBe(
			'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3',
		);
		expect(initiate.headers.host).toBe('rest.fal.ai');
		expect(initiate.headers.authorization).toBe(`Key ${TEST_KEY}`);
		const [put] = byRoute('upload');
		expect(new URL(put.targetUrl!).host).toBe('v3.fal.media');
		expect(put.headers.authorization).toBeUndefined();
		const [submit] = byRoute('submit');
		expect(submit.targetUrl).toBe('https://queue.fal.run/fal-ai/nano-banana/edit');
		expect(submit.headers.authorization).toBe(`Key ${TEST_KEY}`);
		expect(emulator.requests.every((r) => r.headers['x-fal-target-url'] === undefined)).toBe(true);
		expect(new Set(emulator.tunnels.map((t) => t.authority))).toEqual(
			new Set(['rest.fal.ai:443', 'v3.fal.media:443', 'queue.fal.run:443']),
		);
	});
});
