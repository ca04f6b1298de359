import assert from 'node:assert/strict';

import { generateImage, imageDimensions, imageSeed } from '../../emulator';
import { ENDPOINT_SCHEMAS, type NanoBananaEndpoint } from '../../emulator/schemas';
import type { RunItem } from '../harness';
import { checkImageItem, okItems, onlyJob } from './expect';
import { pairedIndex, rowsWorkflow } from './pipeline';
import type { Case, CaseContext } from './types';
import { editFileWorkflow, nanoBananaWorkflow } from './workflow';

/** Each typed model and the endpoint it generates with. */
const BY_EXPRESSION: Array<[string, string]> = [
	['nano-banana', 'fal-ai/nano-banana'],
	['nano-banana-2', 'fal-ai/nano-banana-2'],
	['nano-banana-pro', 'fal-ai/nano-banana-pro'],
	['nano-banana-lite', 'google/nano-banana-lite'],
	['nano-banana-2-lite', 'google/nano-banana-2-lite'],
];

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
const PHOTO = generateImage({
	size: { width: 96, height: 64 },
	format: 'png',
	seed: imageSeed(['e2e model edit input']),
}).bytes;

/** An image item from `model`'s endpoint whose bytes, JSON size and expected size agree. */
function checkModelImage(
	ctx: CaseContext,
	item: RunItem,
	endpoint: string,
	mimeType: string,
	size?: { width: number; height: number },
): void {
	const bytes = checkImageItem(ctx, item, mimeType);
	assert.equal(item.json.model, endpoint);
	const actual = imageDimensions(bytes);
	assert.ok(actual, 'the binary has no readable image size');
	assert.deepEqual(
		{ width: item.json.width, height: item.json.height },
		{ width: actual.width, height: actual.height },
		'the JSON size differs from the image bytes',
	);
	if (size) assert.deepEqual({ width: actual.width, height: actual.height }, size);
	assert.equal(typeof item.json.billableUnits, 'number', 'no billableUnits on the item');
}

function single(ctx: CaseContext, parameters: Record<string, unknown>) {
	return nanoBananaWorkflow(ctx.n8n.nodeType('nanoBanana'), {
		operation: 'generate',
		numImages: 1,
		...parameters,
	});
}

export const modelCases: Case[] = [
	{
		name: 'model: Nano Banana, no model set, behaves as before',
		workflow: (ctx) => single(ctx, { prompt: 'e2e model default', aspectRatio: '16:9' }),
		before: (ctx) => ctx.emu.reset(),
		check(result, ctx) {
			const [item] = okItems(result);
			checkModelImage(ctx, item, 'fal-ai/nano-banana', 'image/jpeg', { width: 256, height: 144 });
			const job = onlyJob(ctx, 'fal-ai/nano-banana');
			assert.deepEqual(Object.keys(job.input).sort(), [
				'aspect_ratio',
				'num_images',
				'output_format',
				'prompt',
				'sync_mode',
			]);
		},
	},
	{
		name: 'model: Nano Banana 2 at 0.5K with an 8:1 banner, web search and thinking',
		workflow: (ctx) =>
			single(ctx, {
				model: 'nano-banana-2',
				prompt: 'e2e nano banana 2',
				aspectRatio: '8:1',
				outputFormat: 'png',
				options: { resolution: '0.5K', enableWebSearch: true, thinkingLevel: 'high' },
			}),
		before: (ctx) => ctx.emu.reset(),
		check(result, ctx) {
			const [item] = okItems(result);
			checkModelImage(ctx, item, 'fal-ai/nano-banana-2', 'image/png', { width: 512, height: 64 });
			const job = onlyJob(ctx, 'fal-ai/nano-banana-2');
			assert.equal(job.input.resolution, '0.5K');
			assert.equal(job.input.enable_web_search, true);
			assert.equal(job.input.thinking_level, 'high');
		},
	},
	{
		name: 'model: Nano Banana Pro with a system prompt, as WebP',
		workflow: (ctx) =>
			single(ctx, {
				model: 'nano-banana-pro',
				prompt: 'e2e nano banana pro',
				aspectRatio: '4:5',
				outputFormat: 'webp',
				options: { systemPrompt: 'You letter posters by hand' },
			}),
		before: (ctx) => ctx.emu.reset(),
		check(result, ctx) {
			const [item] = okItems(result);
			checkModelImage(ctx, item, 'fal-ai/nano-banana-pro', 'image/webp', {
				width: 205,
				height: 256,
			});
			const job = onlyJob(ctx, 'fal-ai/nano-banana-pro');
			assert.equal(job.input.system_prompt, 'You letter posters by hand');
			assert.equal(job.input.resolution, undefined);
		},
	},
	{
		name: 'model: Nano Banana Lite at 1:4, status and result under google/nano-banana-lite',
		workflow: (ctx) =>
			single(ctx, {
				model: 'nano-banana-lite',
				prompt: 'e2e nano banana lite',
				aspectRatio: '1:4',
				outputFormat: 'png',
			}),
		before: (ctx) => ctx.emu.reset(),
		check(result, ctx) {
			const [item] = okItems(result);
			checkModelImage(ctx, item, 'google/nano-banana-lite', 'image/png', {
				width: 64,
				height: 256,
			});
			const job = onlyJob(ctx, 'google/nano-banana-lite');
			const followUps = ctx.emu.requests.filter((r) => r.route === 'result');
			assert.ok(followUps.length > 0);
			for (const request of followUps) {
				assert.equal(
					request.targetUrl,
					`https://queue.fal.run/google/nano-banana-lite/requests/${job.requestId}`,
				);
			}
		},
	},
	{
		name: 'model: an expression picks the model per row, each row its own endpoint',
		workflow: (ctx) =>
			rowsWorkflow(
				ctx,
				[
					{ model: 'nano-banana', ratio: '3:2' },
					{ model: 'nano-banana-2', ratio: '4:1' },
					{ model: 'nano-banana-pro', ratio: '2:3' },
					{ model: 'nano-banana-lite', ratio: '1:8' },
				],
				{
					model: '={{ $json.model }}',
					prompt: '=e2e switch {{ $json.model }}',
					aspectRatio: '={{ $json.ratio }}',
					outputFormat: 'png',
				},
			),
		before: (ctx) => ctx.emu.reset(),
		check(result, ctx) {
			const items = okItems(result);
			assert.equal(items.length, 4);
			const expected: Array<[string, number, number]> = [
				['fal-ai/nano-banana', 256, 171],
				['fal-ai/nano-banana-2', 256, 64],
				['fal-ai/nano-banana-pro', 171, 256],
				['google/nano-banana-lite', 32, 256],
			];
			items.forEach((item, index) => {
				const [endpoint, width, height] = expected[index];
				assert.equal(pairedIndex(item.pairedItem), index);
				checkModelImage(ctx, item, endpoint, 'image/png', { width, height });
			});
			assert.deepEqual(
				ctx.emu
					.submissions()
					.map((job) => job.endpoint)
					.sort(),
				expected.map(([endpoint]) => endpoint).sort(),
			);
		},
	},
	{
		name: "model: an expression picks each of the five models with nothing else set, each gets its own model's defaults",
		workflow: (ctx) =>
			rowsWorkflow(
				ctx,
				BY_EXPRESSION.map(([model]) => ({ model })),
				{ model: '={{ $json.model }}', prompt: '=e2e defaults {{ $json.model }}' },
			),
		before: (ctx) => ctx.emu.reset(),
		check(result, ctx) {
			const items = okItems(result);
			assert.equal(items.length, BY_EXPRESSION.length);
			items.forEach((item, index) => {
				const [, endpoint] = BY_EXPRESSION[index];
				assert.equal(pairedIndex(item.pairedItem), index);
				assert.equal(item.json.model, endpoint);
				assert.ok(item.binary?.data, `row ${index} (${endpoint}) has no image`);
			});
			for (const job of ctx.emu.submissions()) {
				const schema = ENDPOINT_SCHEMAS[job.endpoint as NanoBananaEndpoint];
				const ratio = schema.fields.aspect_ratio as { default?: string };
				assert.equal(job.input.aspect_ratio, ratio.default, `${job.endpoint}: not its own default`);
			}
		},
	},
	{
		name: 'model: Nano Banana 2 Edit reads a PDF from disk and sends it as pdf_url, no image needed',
		workflow: (ctx) =>
			editFileWorkflow(ctx.n8n.nodeType('nanoBanana'), 'nano-banana/brief.pdf', {
				model: 'nano-banana-2',
				prompt: 'e2e a cover for this document',
				pdfBinaryField: 'data',
				outputFormat: 'png',
			}),
		before(ctx) {
			ctx.emu.reset();
			ctx.n8n.writeFile('nano-banana/brief.pdf', PDF);
		},
		check(result, ctx) {
			const [item] = okItems(result);
			checkModelImage(ctx, item, 'fal-ai/nano-banana-2/edit', 'image/png', {
				width: 256,
				height: 256,
			});
			const job = onlyJob(ctx, 'fal-ai/nano-banana-2/edit');
			assert.equal(job.input.image_urls, undefined);
			assert.ok(job.receivedMedia?.pdf_url.bytes?.equals(PDF), 'fal did not receive the PDF');
		},
	},
	{
		name: 'model: Nano Banana Pro Edit follows the input image with "auto"',
		workflow: (ctx) =>
			editFileWorkflow(ctx.n8n.nodeType('nanoBanana'), 'nano-banana/pro-input.png', {
				model: 'nano-banana-pro',
				prompt: 'e2e pro edit',
				outputFormat: 'jpeg',
			}),
		before(ctx) {
			ctx.emu.reset();
			ctx.n8n.writeFile('nano-banana/pro-input.png', PHOTO);
		},
		check(result, ctx) {
			const [item] = okItems(result);
			checkModelImage(ctx, item, 'fal-ai/nano-banana-pro/edit', 'image/jpeg', {
				width: 256,
				height: 171,
			});
			const job = onlyJob(ctx, 'fal-ai/nano-banana-pro/edit');
			assert.equal(job.input.aspect_ratio, 'auto');
			assert.ok(job.receivedImages?.[0].bytes?.equals(PHOTO), 'fal did not receive the image');
		},
	},
	{
		name: 'model: Return URLs Only gives each URL and downloads nothing',
		workflow: (ctx) =>
			single(ctx, {
				model: 'nano-banana-2',
				prompt: 'e2e urls only',
				numImages: 2,
				options: { returnUrlsOnly: true, outputMode: 'allImagesInOneItem' },
			}),
		before: (ctx) => ctx.emu.reset(),
		check(result, ctx) {
			const [item, ...rest] = okItems(result);
			assert.equal(rest.length, 0);
			assert.equal(Object.keys(item.binary ?? {}).length, 0, 'URLs only, yet binary data');
			assert.equal(item.json.model, 'fal-ai/nano-banana-2');
			const urls = (item.json.images as Array<{ url: string }>).map((image) => image.url);
			assert.deepEqual(urls.sort(), [...ctx.emu.media.keys()].sort());
			assert.equal(ctx.emu.requests.filter((r) => r.route === 'media').length, 0);
		},
	},
];
