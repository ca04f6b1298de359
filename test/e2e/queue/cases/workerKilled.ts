import assert from 'node:assert/strict';
import { say } from '../../../tooling/log';
import { waitUntil } from '../../../tooling/wait';
import { prompts } from '../prompts';
import { WEBHOOK } from '../workflows';
import { executionsSince, jobsFor, newestExecutionId, startedBy, type QueueCase } from './helpers';

export const killedWorker: QueueCase = {
	name: 'a worker killed mid-run: nothing hangs, and the other worker keeps serving',
	async run(stack) {
		await stack.emu.control.setOptions({ processingMs: 8000 });
		const before = await newestExecutionId(stack);
		const inFlight = prompts('killed', 4);
		for (const prompt of inFlight) {
			assert.equal((await stack.api.webhook(WEBHOOK.background, { prompt })).status, 200);
		}
		await waitUntil(
			'all four jobs are in progress at fal',
			() => jobsFor(stack, inFlight),
			(jobs) => jobs.length === 4 && jobs.every((job) => job.status === 'IN_PROGRESS'),
			60_000,
		);
		const running = (await executionsSince(stack, before)).map((row) => row.id);
		const [victim, survivor] = [...stack.workers].sort(
			(a, b) => startedBy(b, running).length - startedBy(a, running).length,
		);
		const held = startedBy(victim, running);
		assert.ok(held.length > 0, 'the killed worker was running executions');
		assert.ok(victim.process, `${victim.role} runs`);
		victim.process.kill();
		await victim.process.whenExited();
		say(`  killed ${victim.role} (SIGKILL) while it ran executions ${held.join(', ')}`);

		// Load that arrives right after the crash, as it would in production.
		await stack.emu.control.setOptions({ processingMs: 500 });
		const rightAfter = await Promise.all(
			prompts('right-after-kill', 4).map((prompt) =>
				stack.api.webhook(WEBHOOK.generate, { prompt }),
			),
		);
		say(
			`  4 webhook calls right after the kill answered ${rightAfter.map((a) => a.status).join(', ')}`,
		);

		// Nothing hangs: every execution since the kill case began reaches an end state.
		const settled = await waitUntil(
			'every execution reaches an end state',
			() => executionsSince(stack, before),
			(rows) => rows.every((row) => !['new', 'running', 'waiting'].includes(row.status)),
			90_000,
			1000,
		);
		const counts = new Map<string, number>();
		for (const row of settled) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
		say(
			`  executions since the kill case began: ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}; held by the killed worker: ${held.map((id) => `${id}=${settled.find((r) => r.id === id)?.status}`).join(', ')}`,
		);
		// n8n's handling, reported: 2.x fails a stalled job; 1.x runs it again on the other worker.
		const rerun = startedBy(survivor, held);
		const jobs = await jobsFor(stack, inFlight);
		const cancelled = (await stack.emu.control.cancels()).filter((c) =>
			jobs.some((job) => job.requestId === c.requestId),
		);
		say(
			`  ${rerun.length} of ${held.length} lost executions run again by ${survivor.role}; fal: ${jobs.length} paid requests for the ${inFlight.length} in-flight executions, ${cancelled.length} cancelled`,
		);

		// The surviving worker serves new work.
		const later = prompts('after-kill', 4);
		const mark = await newestExecutionId(stack);
		const answers = await Promise.all(
			later.map((prompt) => stack.api.webhook(WEBHOOK.generate, { prompt })),
		);
		answers.forEach((answer, i) =>
			assert.equal(answer.status, 200, `request ${i + 1}: ${answer.bytes.toString()}`),
		);
		const served = await executionsSince(stack, mark);
		assert.equal(served.length, later.length);
		assert.ok(served.every((row) => row.status === 'success'));
		assert.equal(
			startedBy(
				survivor,
				served.map((row) => row.id),
			).length,
			served.length,
		);
	},
};
