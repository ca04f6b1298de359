import assert from 'node:assert/strict';
import { say } from '../../../tooling/log';
import { waitUntil } from '../../../tooling/wait';
import { prompts } from '../prompts';
import { WEBHOOK } from '../workflows';
import { jobsFor, newestExecutionId, type QueueCase } from './helpers';

export const stopFromMain: QueueCase = {
	name: 'a stop from the main cancels the job at fal and marks the execution cancelled',
	async run(stack) {
		// Long enough that fal is still working whenever the stop arrives.
		await stack.emu.control.setOptions({ processingMs: 120_000 });
		try {
			const before = await newestExecutionId(stack);
			const [prompt] = prompts('stop', 1);
			const answer = await stack.api.webhook(WEBHOOK.background, { prompt });
			assert.equal(answer.status, 200);
			const [job] = await waitUntil(
				'the job is in progress at fal',
				() => jobsFor(stack, [prompt]),
				(jobs) => jobs[0]?.status === 'IN_PROGRESS',
				60_000,
			);
			const [execution] = await waitUntil(
				'the execution is running',
				async () =>
					(await stack.db.executions(stack.ids.background)).filter(
						(row) => Number(row.id) > before && row.status === 'running',
					),
				(rows) => rows.length === 1,
				30_000,
			);
			const stoppedAt = Date.now();
			await stack.api.stopExecution(execution.id);
			const cancels = await waitUntil(
				'fal received a cancel for the job',
				async () =>
					(await stack.emu.control.cancels()).filter((c) => c.requestId === job.requestId),
				(list) => list.length > 0,
				30_000,
				50,
			);
			say(`  cancel reached fal ${cancels[0].at - stoppedAt} ms after the stop`);
			assert.equal(cancels[0].status, 202, 'the cancel stopped the job');
			const [cancelledJob] = await jobsFor(stack, [prompt]);
			assert.equal(cancelledJob.cancelled, true);
			await waitUntil(
				'the execution is marked cancelled',
				() => stack.db.execution(execution.id),
				(row) => row?.status === 'canceled',
				30_000,
			);
		} finally {
			await stack.emu.control.setOptions({ processingMs: 1000 });
		}
	},
};
