import assert from 'node:assert/strict';

import { waitUntil } from '../../tooling/wait';
import { sha, type TriggerContext } from './line';

/** Deliveries, retries included, land well within this. */
export const WAIT_MS = 180_000;

export interface TriggerCase {
	name: string;
	run(ctx: TriggerContext): Promise<void>;
}

/** Waits until each job's image reached the sink, then checks it came once and byte for byte. */
export async function arrivedOnce(ctx: TriggerContext, ids: string[]): Promise<void> {
	await waitUntil(
		'the images at the sink',
		async () => ids.every((id) => ctx.sink.count(id) >= 1),
		Boolean,
		WAIT_MS,
	);
	for (const id of ids) {
		const sunk = ctx.sink.received.filter((r) => r.requestId === id);
		assert.equal(sunk.length, 1, `request ${id}: ${sunk.length} executions`);
		assert.equal(sha(sunk[0].bytes), sha(ctx.imageOf(id)), `request ${id}: image bytes differ`);
	}
}

/**
 * Everything sent before a new job's delivery has been handled once that job's image arrives
 * (the trigger answers in order): a barrier instead of a sleep before counting what did not come.
 */
export async function barrier(ctx: TriggerContext, tag: string, hookUrl?: string): Promise<string> {
	const id = await ctx.submit(`barrier ${tag}`, hookUrl);
	await arrivedOnce(ctx, [id]);
	return id;
}

let firstJob = '';

export const triggerCases: TriggerCase[] = [
	{
		name: 'trigger: submitted jobs arrive as one execution each, images byte-exact',
		async run(ctx) {
			const ids = await Promise.all(
				[1, 2, 3].map(async (n) => await ctx.submit(`webhook job ${n}`)),
			);
			firstJob = ids[0];
			await arrivedOnce(ctx, ids);
			const deliveries = await ctx.control.webhooks();
			for (const id of ids) {
				const d = deliveries.find((x) => x.requestId === id);
				assert.equal(d?.outcome, 'delivered');
				assert.deepEqual(
					d?.attempts.map((a) => a.status),
					[200],
				);
			}
		},
	},
	{
		name: 'trigger: a delivery without its payload is completed by fetching the result',
		async run(ctx) {
			await ctx.control.setWebhookPayloadError(true);
			try {
				const id = await ctx.submit('payload left out');
				await arrivedOnce(ctx, [id]);
				const [d] = (await ctx.control.webhooks()).filter((x) => x.requestId === id);
				assert.equal((d.body as { payload: unknown }).payload, null);
			} finally {
				await ctx.control.setWebhookPayloadError(false);
			}
		},
	},
	{
		name: 'trigger: forged, unsigned, stale, wrong-key or changed deliveries get 401 and start nothing',
		async run(ctx) {
			const [original] = (await ctx.control.webhooks()).filter((d) => d.requestId === firstJob);
			const kinds = ['forged', 'unsigned', 'stale', 'wrong-key', 'changed-body'] as const;
			const forgedIds: string[] = [];
			for (const kind of kinds) {
				const requestId = `forged-${kind}-${Date.now()}`;
				forgedIds.push(requestId);
				const body = { ...(original.body as object), request_id: requestId };
				const attempt = await ctx.control.forgeWebhook({ url: ctx.hookUrl, requestId, body, kind });
				assert.equal(attempt.status, 401, `${kind}: answered ${attempt.status}`);
			}
			await barrier(ctx, 'forged');
			for (const id of forgedIds) assert.equal(ctx.sink.count(id), 0, `${id} started an execution`);
		},
	},
	{
		name: 'trigger: the same delivery sent twice starts one execution',
		async run(ctx) {
			const again = await ctx.control.resendWebhook(firstJob);
			assert.equal(again.status, 200);
			const copy = await ctx.control.forgeWebhook({ from: firstJob, kind: 'signed' });
			assert.equal(copy.status, 200);
			await barrier(ctx, 'duplicate');
			assert.equal(ctx.sink.count(firstJob), 1);
		},
	},
	{
		name: 'trigger: n8n stopped while fal delivers; after the restart each retried delivery runs once',
		async run(ctx) {
			await ctx.stopN8n();
			const ids = await Promise.all([1, 2].map(async (n) => await ctx.submit(`while down ${n}`)));
			await waitUntil(
				'failed first attempts',
				() => ctx.control.webhooks(),
				(list) =>
					ids.every((id) =>
						list.find((d) => d.requestId === id)?.attempts.some((a) => a.status === 0),
					),
				WAIT_MS,
			);
			await ctx.startN8n();
			await arrivedOnce(ctx, ids);
			const list = await ctx.control.webhooks();
			for (const id of ids) {
				const d = list.find((x) => x.requestId === id);
				assert.equal(d?.outcome, 'delivered');
				assert.ok((d?.attempts.length ?? 0) >= 2, `${id}: delivered at the first attempt`);
			}
			// What the trigger remembered before the restart still holds.
			assert.equal((await ctx.control.resendWebhook(firstJob)).status, 200);
			await barrier(ctx, 'after restart');
			assert.equal(ctx.sink.count(firstJob), 1);
			for (const id of ids) assert.equal(ctx.sink.count(id), 1);
		},
	},
];
