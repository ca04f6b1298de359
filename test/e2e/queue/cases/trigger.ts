import assert from 'node:assert/strict';

import { say } from '../../../tooling/log';
import { waitUntil } from '../../../tooling/wait';
import { submitWithWebhook } from '../../trigger/line';
import { WEBHOOK } from '../workflows';
import { newestExecutionId, startedBy, type QueueCase } from './helpers';

const JOBS = 6;

export const triggerOnWorkers: QueueCase = {
	name: `Nano Banana Trigger: ${JOBS} fal deliveries (and a repeat) start ${JOBS} executions, run on the workers`,
	async run(stack) {
		await stack.emu.control.setOptions({ processingMs: 200 });
		const hookUrl = `${stack.api.baseUrl}/webhook/${WEBHOOK.trigger}`;
		const before = await newestExecutionId(stack);
		const requestIds = await Promise.all(
			Array.from(
				{ length: JOBS },
				async (_, n) => await submitWithWebhook(stack.emu.proxyUrl, hookUrl, `queue trigger ${n}`),
			),
		);
		await waitUntil(
			'the deliveries',
			() => stack.emu.control.webhooks(),
			(list) =>
				requestIds.every((id) => list.find((d) => d.requestId === id)?.outcome === 'delivered'),
			180_000,
		);
		// The main enqueues an execution before it answers: a repeat that got its 200 is counted below.
		assert.equal((await stack.emu.control.resendWebhook(requestIds[0])).status, 200);
		const rows = await waitUntil(
			'the trigger executions to finish',
			async () =>
				(await stack.db.executions(stack.ids.trigger)).filter((row) => Number(row.id) > before),
			(list) =>
				list.length >= JOBS &&
				list.every((row) => !['new', 'running', 'waiting'].includes(row.status)),
			180_000,
		);
		assert.equal(rows.length, JOBS, 'one execution per fal request');
		assert.deepEqual(
			rows.filter((row) => row.status !== 'success'),
			[],
			'every execution succeeds',
		);
		const ids = rows.map((row) => row.id);
		const ran = stack.workers.map((worker) => startedBy(worker, ids));
		say(`  trigger executions: worker-1 ran ${ran[0].length}, worker-2 ran ${ran[1].length}`);
		assert.equal(ran[0].length + ran[1].length, ids.length, 'every execution ran on a worker');
	},
};
