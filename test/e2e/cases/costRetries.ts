import assert from 'node:assert/strict';

import { generateImage, imageSeed } from '../../emulator/images/generate';
import {
	DONE,
	linePrompt,
	loopWorkflow,
	nanoBananaNode,
	nodeRuns,
	RETRY_ON_FAIL,
	rowNodes,
	rowsWorkflow,
	submitted,
	V1,
} from './costWorkflows';
import { checkImageItem, okItems } from './expect';
import { pairedIndex } from './pipeline';
import type { Case, CaseContext } from './types';
import { chainWorkflow, node } from './workflow';

const RETRY_PROMPTS = ['retry row 0', 'retry row 1', 'retry row 2'];
const LOOP_PROMPTS = ['retry loop 0', 'retry loop 1', 'retry loop 2'];
/** One try per fal call, so one fault fails the node's try and n8n's Retry On Fail takes over. */
const NO_NODE_RETRIES = { maxRetries: 0 };
const LOGO = 'cost/logo.png';
const logoBytes = generateImage({
	size: { width: 64, height: 48 },
	format: 'png',
	seed: imageSeed(['cost safety logo']),
}).bytes;
/** Longer than half of "1 Minute": the shared upload is then too close to fal deleting it. */
const HOLD_MS = 31_000;

/** Each item's job was paid once, and the successful try took every image from it. */
function paidOncePerItem(ctx: CaseContext, items: ReturnType<typeof okItems>, prefix: string) {
	const jobs = submitted(ctx, prefix);
	assert.equal(jobs.length, items.length, `fal was paid for ${jobs.length} jobs`);
	for (const item of items) {
		checkImageItem(ctx, item, 'image/png');
		const job = jobs.find((candidate) => candidate.input.prompt === item.json.prompt);
		assert.ok(job, `no job for ${String(item.json.prompt)}`);
		assert.equal(item.json.requestId, job.requestId);
	}
	return jobs;
}

const failedDownloads = (ctx: CaseContext) =>
	ctx.emu.requests.filter((r) => r.route === 'media' && r.status === 500).length;

export const costRetryCases: Case[] = [
	{
		name: 'cost safety: Retry On Fail after a failed download pays each image once',
		workflow: (ctx) => rowsWorkflow(RETRY_PROMPTS, nanoBananaNode(ctx, {}, RETRY_ON_FAIL)),
		before(ctx) {
			ctx.emu.reset();
			// The second item's image download fails once: n8n runs the whole node again.
			ctx.emu.behaviour = { failDownloads: { times: 1, prompt: 'retry row 1' } };
		},
		check(result, ctx) {
			const items = okItems(result);
			assert.deepEqual(
				items.map((item) => [item.json.prompt, pairedIndex(item.pairedItem)]),
				RETRY_PROMPTS.map((prompt, i) => [prompt, i]),
			);
			paidOncePerItem(ctx, items, 'retry row');
			// The successful try took every image from the first try's jobs.
			for (const item of items) assert.equal(item.json.reusedRequestId, item.json.requestId);
			assert.equal(failedDownloads(ctx), 1, 'the download fault did not fire once');
		},
	},
	{
		name: 'cost safety: Retry On Fail inside a loop pays once per item',
		workflow: (ctx) => loopWorkflow(LOOP_PROMPTS, 1, nanoBananaNode(ctx, {}, RETRY_ON_FAIL)),
		before(ctx) {
			ctx.emu.reset();
			ctx.emu.behaviour = { failDownloads: { times: 1, prompt: 'retry loop 1' } };
		},
		check(result, ctx) {
			okItems(result, DONE);
			const runs = nodeRuns(result.ok ? result.run : undefined);
			assert.equal(runs.length, 3, `the node ran ${runs.length} times`);
			const items = runs.flatMap((run) => run.data?.main?.[0] ?? []);
			paidOncePerItem(ctx, items, 'retry loop');
			assert.deepEqual(
				items.map((item) => item.json.reusedRequestId === item.json.requestId),
				[false, true, false],
				'only the retried iteration should take its image from its first try',
			);
			assert.equal(failedDownloads(ctx), 1, 'the download fault did not fire once');
		},
	},
	{
		name: 'cost safety: Retry On Fail after a failed result fetch pays once',
		workflow: (ctx) =>
			rowsWorkflow(
				[linePrompt(ctx, 'result fails once')],
				nanoBananaNode(ctx, { options: NO_NODE_RETRIES }, RETRY_ON_FAIL),
			),
		before(ctx) {
			ctx.emu.reset();
			ctx.emu.failNext('result', { kind: 'http', status: 503, times: 1 });
		},
		check(result, ctx) {
			const [item] = okItems(result);
			const [job] = paidOncePerItem(ctx, [item], linePrompt(ctx, 'result fails once'));
			assert.equal(item.json.reusedRequestId, job.requestId);
			const results = ctx.emu.requests.filter((r) => r.route === 'result');
			assert.deepEqual(
				results.map((r) => r.status),
				[503, 200],
			);
		},
	},
	{
		name: 'cost safety: a cap of 1, a submit refused with 429 and Retry On Fail: the retry pays once',
		workflow: (ctx) =>
			rowsWorkflow(
				[linePrompt(ctx, 'rate limited')],
				nanoBananaNode(
					ctx,
					{ options: { ...NO_NODE_RETRIES, maxImagesPerExecution: 1 } },
					RETRY_ON_FAIL,
				),
			),
		before(ctx) {
			ctx.emu.reset();
			ctx.emu.failNext('submit', { kind: 'http', status: 429, times: 1 });
		},
		check(result, ctx) {
			const [item] = okItems(result);
			paidOncePerItem(ctx, [item], linePrompt(ctx, 'rate limited'));
			const submits = ctx.emu.requests.filter((r) => r.route === 'submit');
			assert.deepEqual(
				submits.map((r) => r.status),
				[429, 200],
			);
		},
	},
	{
		name: 'cost safety: with Keep Files on fal For = 1 Minute, an upload past its margin is sent again',
		workflow(ctx) {
			const [start, rows, split] = rowNodes([0, 1].map((i) => linePrompt(ctx, `logo ${i}`)));
			const read = node(
				'Read Logo',
				'n8n-nodes-base.readWriteFile',
				1,
				{ operation: 'read', fileSelector: LOGO, options: {} },
				600,
			);
			const edit = nanoBananaNode(
				ctx,
				{
					operation: 'edit',
					// Read Files from Disk outputs the file, not the row: one prompt for both.
					prompt: linePrompt(ctx, 'the logo, in blue'),
					options: { concurrency: 1, falFileLifetime: 'immediate' },
				},
				{},
				800,
			);
			return { ...chainWorkflow([start, rows, split, read, edit]), settings: V1 };
		},
		before(ctx) {
			ctx.emu.reset();
			ctx.n8n.writeFile(LOGO, logoBytes);
			// The first item's job stays at fal past half of its upload's minute, counted from its
			// submit (right after the upload), not from n8n's start.
			ctx.emu.holdJobs();
			const watch = setInterval(() => {
				if (ctx.emu.submissions().length === 0) return;
				clearInterval(watch);
				setTimeout(() => ctx.emu.releaseJobs(), HOLD_MS).unref();
			}, 50);
			watch.unref();
		},
		check(result, ctx) {
			const items = okItems(result);
			assert.equal(items.length, 2);
			const initiated = ctx.emu.requests.filter((r) => r.route === 'upload-initiate');
			assert.equal(initiated.length, 2, `the logo was uploaded ${initiated.length} times`);
			const jobs = ctx.emu.submissions();
			assert.equal(jobs.length, 2);
			const urls = jobs.map((job) => job.receivedImages?.[0]?.url);
			assert.notEqual(urls[0], urls[1], 'the second item got the first upload');
			for (const job of jobs) {
				assert.ok(job.receivedImages?.[0]?.bytes?.equals(logoBytes), 'fal got other bytes');
			}
		},
	},
];
