import assert from 'node:assert/strict';

import { waitUntil } from '../../tooling/wait';
import { nodeItems } from '../harness';
import { arrivedOnce, barrier, WAIT_MS, type TriggerCase } from './cases';
import type { TriggerContext } from './line';
import { PAIR_PROMPTS, SUBMIT_NODE } from './workflow';

const MODEL = 'fal-ai/nano-banana';
const FAL_ERROR = { status: 500, body: { detail: 'Model inference failed' } };

/** Submits one job the emulator fails at fal (a model error after processing). */
async function submitFailing(ctx: TriggerContext, prompt: string, hookUrl?: string) {
	ctx.emu.behaviour = { modelError: FAL_ERROR };
	try {
		return await ctx.submit(prompt, hookUrl);
	} finally {
		// Behaviour is read at submit: later jobs succeed again.
		ctx.emu.behaviour = {};
	}
}

/** Waits until fal's delivery of a job was answered 2xx by the trigger. */
async function deliveredOk(ctx: TriggerContext, requestId: string): Promise<void> {
	await waitUntil(
		`the delivery of ${requestId}`,
		() => ctx.control.webhooks(),
		(list) => list.find((d) => d.requestId === requestId)?.outcome === 'delivered',
		WAIT_MS,
	);
}

/** The submitting workflow and the trigger workflow, both in the same running n8n. */
export const pairCases: TriggerCase[] = [
	{
		name: 'pair: a submitting workflow (Wait for Result off, Notify URL = the trigger) returns 10 request ids; the trigger workflow runs once per job with byte-exact images naming the model',
		async run(ctx) {
			const rest = await ctx.rest();
			const { status, run } = await rest.runSubmit();
			const error = run.data.resultData.error as { message?: string } | undefined;
			assert.equal(status, 'success', error?.message ?? status);
			const items = nodeItems(run, SUBMIT_NODE);
			assert.equal(items.length, 10);
			const ids = items.map((item, i) => {
				const requestId = String(item.json.requestId);
				assert.equal(item.json.model, MODEL);
				assert.equal(item.binary, undefined, `item ${i} waited for its image`);
				assert.equal(ctx.emu.jobs.get(requestId)?.input.prompt, PAIR_PROMPTS[i]);
				return requestId;
			});
			assert.equal(new Set(ids).size, 10, 'request ids repeat');
			await arrivedOnce(ctx, ids);
			for (const id of ids) {
				const [sunk] = ctx.sink.received.filter((r) => r.requestId === id);
				assert.equal(sunk.model, MODEL, `request ${id}: the trigger named model "${sunk.model}"`);
			}
			// Exactly one stored execution of the trigger workflow per job.
			const runs = await waitUntil(
				'the trigger executions stored',
				() => rest.triggerRuns(rest.workflows.trigger),
				(list) => ids.every((id) => list.some((r) => r.items.some((i) => i.json.requestId === id))),
				WAIT_MS,
			);
			for (const id of ids) {
				const mine = runs.filter((r) => r.items.some((item) => item.json.requestId === id));
				assert.equal(mine.length, 1, `request ${id}: ${mine.length} executions`);
				assert.equal(mine[0].items.length, 1);
				assert.equal(mine[0].items[0].json.model, MODEL);
			}
		},
	},
	{
		name: "pair: a job that failed at fal starts one execution whose item carries fal's error text",
		async run(ctx) {
			const rest = await ctx.rest();
			const id = await submitFailing(ctx, 'pair: fails at fal');
			const runs = await waitUntil(
				'the failed job execution stored',
				() => rest.triggerRuns(rest.workflows.trigger),
				(list) => list.some((r) => r.items.some((i) => i.json.requestId === id)),
				WAIT_MS,
			);
			const mine = runs.filter((r) => r.items.some((item) => item.json.requestId === id));
			assert.equal(mine.length, 1, `${mine.length} executions for the failed job`);
			const [item] = mine[0].items;
			assert.equal(mine[0].items.length, 1);
			assert.equal(item.json.status, 'ERROR');
			assert.equal(item.json.error, 'Invalid status code: 500');
			assert.deepEqual(item.json.details, FAL_ERROR.body);
			assert.equal(item.binary, undefined);
		},
	},
	{
		name: 'pair: with Ignore Failed Jobs on, a job that failed at fal is answered 200 and starts no execution',
		async run(ctx) {
			const rest = await ctx.rest();
			const id = await submitFailing(ctx, 'pair: fails, ignored', ctx.ignoringHookUrl);
			await deliveredOk(ctx, id);
			const good = await barrier(ctx, 'ignoring trigger', ctx.ignoringHookUrl);
			const runs = await waitUntil(
				"the ignoring trigger's executions stored",
				() => rest.triggerRuns(rest.workflows.ignoring),
				(list) => list.some((r) => r.items.some((i) => i.json.requestId === good)),
				WAIT_MS,
			);
			assert.deepEqual(
				runs.map((r) => r.items.map((item) => item.json.requestId)),
				[[good]],
				'the ignoring trigger ran for something else than the one good job',
			);
			const [delivery] = (await ctx.control.webhooks()).filter((d) => d.requestId === id);
			assert.deepEqual(
				delivery.attempts.map((a) => a.status),
				[200],
			);
		},
	},
];
