import assert from 'node:assert/strict';

import { generateImage, imageDimensions, imageSeed } from '../../emulator';
import type { WorkflowInput } from '../harness';
import { checkImageItem, failure, okItems, onlyJob } from './expect';
import type { Case, CaseContext } from './types';
import { editFileWorkflow, nanoBananaWorkflow, NODE_NAME } from './workflow';

const NB21 = 'google/nano-banana-2.1';
const NB21_EDIT = `${NB21}/edit`;
const PHOTO = generateImage({
	size: { width: 90, height: 60 },
	format: 'png',
	seed: imageSeed(['e2e family edit input']),
}).bytes;

function generate(ctx: CaseContext, parameters: Record<string, unknown>): WorkflowInput {
	return nanoBananaWorkflow(ctx.n8n.nodeType('nanoBanana'), {
		operation: 'generate',
		numImages: 1,
		...parameters,
	});
}

/** Every status and result call of the job went to the URLs fal returned, under owner/app. */
function followUpsUnder(ctx: CaseContext, app: string, requestId: string): void {
	const followUps = ctx.emu.requests.filter((r) => r.route === 'status' || r.route === 'result');
	assert.ok(followUps.length > 0, 'no status or result call');
	const base = `https://queue.fal.run/${app}/requests/${requestId}`;
	for (const request of followUps) {
		assert.ok(
			request.targetUrl?.startsWith(base),
			`${request.route} went to ${request.targetUrl}, not under ${base}`,
		);
	}
}

/** The submit's request as the emulator recorded it. */
function submitRequest(ctx: CaseContext) {
	const submits = ctx.emu.requests.filter((r) => r.route === 'submit');
	assert.equal(submits.length, 1, `expected one submit, got ${submits.length}`);
	return submits[0];
}

/** GET a file URL the way anyone would: produced images directly, fal.media through the proxy. */
async function fileStatus(ctx: CaseContext, url: string): Promise<number> {
	const direct = url.startsWith(ctx.emu.url);
	const response = await fetch(direct ? url : ctx.emu.proxyUrl, {
		headers: direct ? {} : { 'x-fal-target-url': url },
	});
	await response.arrayBuffer();
	return response.status;
}

export const familyCases: Case[] = [
	{
		name: 'family: Nano Banana 2 Lite generates at google/nano-banana-2-lite',
		workflow: (ctx) =>
			generate(ctx, {
				model: 'nano-banana-2-lite',
				prompt: 'e2e nano banana 2 lite',
				aspectRatio: '4:1',
				outputFormat: 'png',
			}),
		before: (ctx) => ctx.emu.reset(),
		check(result, ctx) {
			const [item, ...rest] = okItems(result);
			assert.equal(rest.length, 0);
			const bytes = checkImageItem(ctx, item, 'image/png');
			assert.deepEqual(imageDimensions(bytes), {
				width: 256,
				height: 64,
				contentType: 'image/png',
			});
			const job = onlyJob(ctx, 'google/nano-banana-2-lite');
			assert.equal(job.input.aspect_ratio, '4:1');
			followUpsUnder(ctx, 'google/nano-banana-2-lite', job.requestId);
		},
	},
	{
		name: 'family: Other Family Endpoint google/nano-banana-2.1 with Additional Fields at 2K',
		workflow: (ctx) =>
			generate(ctx, {
				model: 'other',
				endpointId: NB21,
				additionalFields: '{"resolution": "2K"}',
				prompt: 'e2e nano banana 2.1',
				outputFormat: 'png',
			}),
		before: (ctx) => ctx.emu.reset(),
		check(result, ctx) {
			const [item, ...rest] = okItems(result);
			assert.equal(rest.length, 0);
			const bytes = checkImageItem(ctx, item, 'image/png');
			const job = onlyJob(ctx, NB21);
			assert.equal(job.input.resolution, '2K');
			assert.equal(job.input.prompt, 'e2e nano banana 2.1');
			// "Model Default" sends no aspect ratio: the model's own default (auto, square) applies.
			assert.equal(job.input.aspect_ratio, undefined);
			assert.deepEqual(imageDimensions(bytes), {
				width: 2048,
				height: 2048,
				contentType: 'image/png',
			});
			followUpsUnder(ctx, NB21, job.requestId);
		},
	},
	{
		name: 'family: Other Family Endpoint shows the field fal rejects, nothing downloaded',
		workflow: (ctx) =>
			generate(ctx, {
				model: 'other',
				endpointId: NB21,
				additionalFields: '{"resolution_typo": "2K"}',
				prompt: 'e2e nano banana 2.1 typo',
			}),
		before: (ctx) => ctx.emu.reset(),
		check(result, ctx) {
			const failed = failure(result);
			assert.equal(failed.node, NODE_NAME);
			const text = `${failed.message}\n${failed.output}`;
			assert.match(text, /resolution_typo/, 'the error does not name the rejected field');
			assert.match(text, /Extra inputs are not permitted/, "fal's own message is lost");
			assert.equal(ctx.emu.jobs.size, 0, 'a job was created for a rejected request');
			assert.equal(ctx.emu.requests.filter((r) => r.route === 'media').length, 0);
			assert.equal(
				ctx.emu.requests.filter((r) => r.route === 'submit' && r.status === 422).length,
				1,
			);
		},
	},
	{
		name: 'family: queue priority Low reaches fal as x-fal-queue-priority: low',
		workflow: (ctx) =>
			generate(ctx, {
				prompt: 'e2e low priority',
				options: { queuePriority: 'low' },
			}),
		before: (ctx) => ctx.emu.reset(),
		check(result, ctx) {
			okItems(result);
			assert.equal(submitRequest(ctx).headers['x-fal-queue-priority'], 'low');
			assert.equal(onlyJob(ctx, 'fal-ai/nano-banana').priority, 'low');
		},
	},
	{
		name: 'family: a 2.1 edit from a binary keeps its files 1 minute on fal, then they are gone',
		workflow: (ctx) =>
			editFileWorkflow(ctx.n8n.nodeType('nanoBanana'), 'nano-banana/family-input.png', {
				model: 'other',
				endpointId: NB21_EDIT,
				prompt: 'e2e nano banana 2.1 edit',
				outputFormat: 'png',
				options: { falFileLifetime: 'immediate' },
			}),
		before(ctx) {
			ctx.emu.reset();
			ctx.n8n.writeFile('nano-banana/family-input.png', PHOTO);
		},
		async check(result, ctx) {
			const [item] = okItems(result);
			const bytes = checkImageItem(ctx, item, 'image/png');
			// 'auto' follows the 3:2 input image.
			assert.deepEqual(imageDimensions(bytes), {
				width: 256,
				height: 171,
				contentType: 'image/png',
			});
			const job = onlyJob(ctx, NB21_EDIT);
			assert.ok(job.receivedImages?.[0].bytes?.equals(PHOTO), 'fal did not receive the image');
			followUpsUnder(ctx, NB21, job.requestId);

			const lifecycle = submitRequest(ctx).headers['x-fal-object-lifecycle-preference'];
			assert.ok(lifecycle, 'the submit carries no lifecycle preference');
			assert.deepEqual(JSON.parse(lifecycle), { expiration_duration_seconds: 60 });
			assert.equal(job.lifetimeSeconds, 60);
			const uploads = [...ctx.emu.uploads.entries()];
			assert.equal(uploads.length, 1, 'expected the reference image uploaded once');
			const [uploadUrl, upload] = uploads[0];
			assert.equal(upload.lifetimeSeconds, 60, 'the reference upload carries no 60 s lifetime');
			assert.deepEqual(job.input.image_urls, [uploadUrl]);

			const imageUrl = String(item.json.url);
			assert.equal(await fileStatus(ctx, imageUrl), 200);
			assert.equal(await fileStatus(ctx, uploadUrl), 200);
			ctx.emu.advanceClock(61_000);
			assert.equal(await fileStatus(ctx, imageUrl), 404, 'the image outlived its minute');
			assert.equal(await fileStatus(ctx, uploadUrl), 404, 'the upload outlived its minute');
		},
	},
];
