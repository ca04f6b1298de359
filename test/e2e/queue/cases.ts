import assert from 'node:assert/strict';
import { sha256, type ControlJob } from '../../emulator';
import { say } from '../../tooling/log';
import type { ExecutionRow } from './database';
import { executionsStartedBy, type Instance } from './n8n';
import type { QueueStack } from './stack';
import { prompts, waitUntil } from './wait';
import { WEBHOOK } from './workflows';

export const CONCURRENT_EXECUTIONS = 20;

/** Where each line keeps binaries in queue mode by default. */
export const STORE: Record<string, string> = {
	'2': 'database mode: binary_data table',
	'1': 'default mode: base64 in the saved execution data',
};

export interface QueueCase {
	name: string;
	run(stack: QueueStack): Promise<void>;
}

/** Jobs the emulator received for these prompts, in submit order. */
async function jobsFor(stack: QueueStack, list: string[]): Promise<ControlJob[]> {
	const wanted = new Set(list);
	return (await stack.emu.control.jobs()).filter((job) => wanted.has(String(job.input.prompt)));
}

/** Executions of the suite's workflows with an id above `after`, in id order. */
async function executionsSince(stack: QueueStack, after: number): Promise<ExecutionRow[]> {
	const rows: ExecutionRow[] = [];
	for (const id of Object.values(stack.ids)) rows.push(...(await stack.db.executions(id)));
	return rows.filter((row) => Number(row.id) > after).sort((a, b) => Number(a.id) - Number(b.id));
}

async function newestExecutionId(stack: QueueStack): Promise<number> {
	return Math.max(0, ...(await executionsSince(stack, 0)).map((row) => Number(row.id)));
}

function startedBy(instance: Instance, ids: string[]): string[] {
	const started = new Set(executionsStartedBy(instance));
	return ids.filter((id) => started.has(id));
}

const concurrentWebhooks: QueueCase = {
	name: `${CONCURRENT_EXECUTIONS} concurrent webhook executions over both workers, images byte-identical in n8n's binary store`,
	async run(stack) {
		await stack.emu.control.setOptions({ processingMs: 1500 });
		const before = await newestExecutionId(stack);
		const list = prompts('concurrent', CONCURRENT_EXECUTIONS);
		const answers = await Promise.all(
			list.map((prompt) => stack.api.webhook(WEBHOOK.generate, { prompt })),
		);
		answers.forEach((answer, i) =>
			assert.equal(answer.status, 200, `request ${i + 1}: ${answer.bytes.toString()}`),
		);

		const executions = (await stack.db.executions(stack.ids.generate)).filter(
			(row) => Number(row.id) > before,
		);
		assert.equal(executions.length, CONCURRENT_EXECUTIONS, 'one execution per request');
		const failed = executions.filter((row) => row.status !== 'success');
		assert.deepEqual(failed, [], 'every execution succeeds');

		const ids = executions.map((row) => row.id);
		const [first, second] = stack.workers.map((worker) => startedBy(worker, ids));
		say(`  worker-1 ran ${first.length}, worker-2 ran ${second.length} of ${ids.length}`);
		assert.ok(first.length > 0 && second.length > 0, 'both workers ran some executions');
		assert.equal(first.length + second.length, ids.length, 'every execution ran on a worker');

		const jobs = await jobsFor(stack, list);
		assert.equal(jobs.length, CONCURRENT_EXECUTIONS, 'one paid request per execution');
		const media = new Map((await stack.emu.control.media()).map((m) => [m.url, m]));
		const served = jobs.flatMap((job) => job.imageUrls.map((url) => media.get(url)?.sha256));
		assert.equal(served.length, 2 * CONCURRENT_EXECUTIONS, 'two images per job');

		const stored = await stack.db.imageHashes(stack.installed.line.name, ids);
		for (const id of ids) {
			assert.equal(stored.get(id)?.length, 2, `execution ${id} keeps two images`);
		}
		assert.deepEqual(
			[...stored.values()].flat().sort(),
			[...served].sort(),
			`the bytes in n8n's binary store (${STORE[stack.installed.line.name]}) are exactly the images the emulator served`,
		);
	},
};

const respondWithBinary: QueueCase = {
	name: 'Respond to Webhook returns the exact image bytes to the caller',
	async run(stack) {
		await stack.emu.control.setOptions({ processingMs: 300 });
		const [prompt] = prompts('respond', 1);
		const answer = await stack.api.webhook(WEBHOOK.respond, { prompt });
		assert.equal(answer.status, 200, answer.bytes.toString().slice(0, 500));
		assert.match(answer.contentType, /^image\/png/);
		const [job] = await jobsFor(stack, [prompt]);
		assert.ok(job, 'the prompt reached fal');
		const media = (await stack.emu.control.media()).find((m) => m.url === job.imageUrls[0]);
		assert.ok(media, 'the emulator produced the image');
		assert.equal(sha256(answer.bytes), media.sha256, 'the webhook answered the served bytes');
		assert.equal(answer.bytes.length, media.size);
	},
};

const stopFromMain: QueueCase = {
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

const killedWorker: QueueCase = {
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
		victim.process.kill('SIGKILL');
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

export const queueCases: QueueCase[] = [
	concurrentWebhooks,
	respondWithBinary,
	stopFromMain,
	killedWorker,
];
