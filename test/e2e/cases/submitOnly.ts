import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { checkImageItem, failure, okItems } from './expect';
import { pairedIndex, rowsWorkflow } from './pipeline';
import type { WorkflowInput } from '../harness';
import type { Case, CaseContext } from './types';
import { chainWorkflow, packageNode, startNode } from './workflow';

/** As the editor saves a new workflow: n8n's v1 execution order. */
const V1 = { executionOrder: 'v1' };
const GET_RESULT = 'Get Result';
const SUBMIT_PREFIX = 'submitted without waiting';
const PROMPTS = Array.from({ length: 10 }, (_, i) => `${SUBMIT_PREFIX} ${i}`);
const FETCH_PREFIX = 'submitted, then fetched';
const FETCH_PROMPTS = Array.from({ length: 10 }, (_, i) => `${FETCH_PREFIX} ${i}`);

const jobsOf = (ctx: CaseContext, prefix: string) =>
	ctx.emu.submissions().filter((job) => String(job.input.prompt).startsWith(prefix));

/** A Get Result node as the editor saves it: the operation, the request id, the defaults. */
const getResultNode = (ctx: CaseContext, requestId: string, x: number, extra = {}) => ({
	...packageNode(
		GET_RESULT,
		ctx.n8n.nodeType('nanoBanana'),
		{ operation: 'getResult', requestId },
		x,
	),
	...extra,
});

/**
 * Rows → Nano Banana with Wait for Result off (→ Get Result on each returned request id, when
 * `getResult` is given: its node settings), in v1 order as the editor saves it.
 */
function submitWorkflow(
	ctx: CaseContext,
	prompts: string[],
	getResult?: Record<string, unknown>,
): WorkflowInput {
	return {
		...rowsWorkflow(
			ctx,
			prompts.map((p) => ({ p })),
			{ prompt: '={{ $json.p }}', waitForResult: false },
			{},
			getResult ? [getResultNode(ctx, '={{ $json.requestId }}', 800, getResult)] : [],
		),
		settings: V1,
	};
}

export const submitOnlyCases: Case[] = [
	{
		name: 'submit without waiting: 10 items return their request ids at once, no images',
		workflow: (ctx) => submitWorkflow(ctx, PROMPTS),
		before(ctx) {
			ctx.emu.reset();
		},
		check(result, ctx) {
			const items = okItems(result);
			const jobs = jobsOf(ctx, SUBMIT_PREFIX);
			assert.equal(jobs.length, 10, `fal was paid for ${jobs.length} jobs for 10 items`);
			assert.equal(items.length, 10);
			items.forEach((item, i) => {
				const job = jobs.find((candidate) => candidate.requestId === item.json.requestId);
				assert.ok(job, `item ${i}: no job for ${String(item.json.requestId)}`);
				assert.equal(job.input.prompt, PROMPTS[i]);
				assert.equal(pairedIndex(item.pairedItem), i);
				assert.deepEqual(item.json, {
					requestId: job.requestId,
					model: 'fal-ai/nano-banana',
					statusUrl: `https://queue.fal.run/fal-ai/nano-banana/requests/${job.requestId}/status`,
					responseUrl: `https://queue.fal.run/fal-ai/nano-banana/requests/${job.requestId}`,
				});
				assert.equal(item.binary, undefined);
			});
			// The node returned without asking for any status or result.
			const asked = ctx.emu.requests.filter((r) =>
				['status', 'stream', 'result'].includes(r.route),
			);
			assert.equal(asked.length, 0, `the node waited: ${asked.map((r) => r.route).join(', ')}`);
		},
	},
	{
		name: 'submit without waiting, then Get Result on each request id fetches the 10 images byte-exact',
		workflow: (ctx) => submitWorkflow(ctx, FETCH_PROMPTS, {}),
		before(ctx) {
			ctx.emu.reset();
		},
		check(result, ctx) {
			const jobs = jobsOf(ctx, FETCH_PREFIX);
			assert.equal(jobs.length, 10, `fal was paid for ${jobs.length} jobs for 10 items`);
			assert.equal(ctx.emu.submissions().length, 10, 'Get Result submitted a job');
			const submitted = okItems(result);
			const items = okItems(result, GET_RESULT);
			assert.equal(items.length, 10);
			items.forEach((item, i) => {
				const job = jobs.find((candidate) => candidate.input.prompt === FETCH_PROMPTS[i]);
				assert.ok(job, `no job for ${FETCH_PROMPTS[i]}`);
				assert.equal(submitted[i].json.requestId, job.requestId);
				assert.equal(item.json.requestId, job.requestId);
				assert.equal(item.json.model, 'fal-ai/nano-banana');
				assert.equal(pairedIndex(item.pairedItem), i);
				assert.equal(item.json.url, job.output?.images[0].url);
				checkImageItem(ctx, item, 'image/jpeg');
			});
		},
	},
	{
		name: "Get Result: a request that failed at fal is that item's error, with fal's text",
		workflow: (ctx) =>
			submitWorkflow(ctx, ['get result of a failed job'], { onError: 'continueRegularOutput' }),
		before(ctx) {
			ctx.emu.reset();
			ctx.emu.behaviour = {
				modelError: { status: 500, body: { detail: 'Model inference failed' } },
			};
		},
		check(result, ctx) {
			ctx.emu.behaviour = {};
			const [submitted] = okItems(result);
			const items = okItems(result, GET_RESULT);
			assert.equal(items.length, 1);
			assert.match(String(items[0].json.error), /Model inference failed/);
			assert.ok(String(items[0].json.error).includes(String(submitted.json.requestId)));
			assert.equal(pairedIndex(items[0].pairedItem), 0);
			assert.equal(jobsOf(ctx, 'get result of').length, 1);
		},
	},
	{
		name: 'Get Result: an unknown request id says so',
		workflow: (ctx) => ({
			...chainWorkflow([startNode(), getResultNode(ctx, randomUUID(), 200)]),
			settings: V1,
		}),
		before(ctx) {
			ctx.emu.reset();
		},
		check(result) {
			const failed = failure(result);
			assert.match(
				failed.message,
				/^fal knows no request [0-9a-f-]{36} for fal-ai\/nano-banana \(404\)/,
			);
		},
	},
];
