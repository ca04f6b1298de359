import assert from 'node:assert/strict';
import { checkImageItem, okItems } from './expect';
import type { Case, CaseContext } from './types';
import { nanoBananaWorkflow } from './workflow';

function generate(ctx: CaseContext, parameters: Record<string, unknown>) {
	return nanoBananaWorkflow(ctx.n8n.nodeType('nanoBanana'), {
		operation: 'generate',
		prompt: 'a banana on the moon',
		numImages: 1,
		outputFormat: 'jpeg',
		aspectRatio: '1:1',
		syncMode: false,
		...parameters,
	});
}

export const generateCases: Case[] = [
	{
		name: 'generate: one JPEG image as binary data',
		workflow: (ctx) => generate(ctx, { prompt: 'e2e one jpeg' }),
		check(result, ctx) {
			const items = okItems(result);
			assert.equal(items.length, 1);
			checkImageItem(ctx, items[0], 'image/jpeg');
			assert.equal(items[0].json.index, 0);
			assert.ok(
				JSON.stringify(ctx.emu.submissions()).includes('e2e one jpeg'),
				'the prompt never reached fal',
			);
		},
	},
	{
		name: 'generate: two PNG images, one item per image',
		workflow: (ctx) =>
			generate(ctx, {
				numImages: 2,
				outputFormat: 'png',
				options: { outputMode: 'oneItemPerImage' },
			}),
		check(result, ctx) {
			const items = okItems(result);
			assert.equal(items.length, 2);
			items.forEach((item) => checkImageItem(ctx, item, 'image/png'));
			assert.deepEqual(
				items.map((item) => item.json.index),
				[0, 1],
			);
			assert.notEqual(items[0].json.url, items[1].json.url);
		},
	},
	{
		name: 'generate: all images in one item',
		workflow: (ctx) =>
			generate(ctx, { numImages: 2, options: { outputMode: 'allImagesInOneItem' } }),
		check(result) {
			const items = okItems(result);
			assert.equal(items.length, 1);
			assert.ok(Object.keys(items[0].binary ?? {}).length >= 2, 'expected one binary per image');
		},
	},
	{
		name: 'generate: custom binary property',
		workflow: (ctx) => generate(ctx, { options: { binaryPropertyOutput: 'image' } }),
		check(result, ctx) {
			const [item] = okItems(result);
			checkImageItem(ctx, item, 'image/jpeg', 'image');
		},
	},
	{
		name: 'generate: sync mode (data URI) still yields binary data',
		workflow: (ctx) => generate(ctx, { syncMode: true, outputFormat: 'png' }),
		check(result, ctx) {
			const [item] = okItems(result);
			checkImageItem(ctx, item, 'image/png');
			assert.ok(
				!/^https?:/.test(String(item.json.url)),
				`sync mode returned a media URL: ${item.json.url}`,
			);
		},
	},
];
