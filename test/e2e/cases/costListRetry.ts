import assert from 'node:assert/strict';
import { join } from 'node:path';

import { SuiteProcesses } from '../../tooling/children';
import { N8nSession, type N8nOwner } from '../../tooling/n8nRest';
import { startN8nServer } from '../../tooling/n8nServer';
import { sleep } from '../../tooling/wait';
import { finishedExecution, type RestRun } from '../dev/executions';
import { nodeItems } from '../harness';
import { linePrompt, nanoBananaNode, rowsWorkflow } from './costWorkflows';
import { failure } from './expect';
import type { Case, CaseContext } from './types';
import { NODE_NAME } from './workflow';

const WORKFLOW_NAME = 'Cost safety: retried from the Executions list';
const OWNER: N8nOwner = {
	email: 'cost-e2e@nano-banana.local',
	firstName: 'Cost',
	lastName: 'Test',
	password: 'Cost-e2e-password-1',
};
const prompts = (ctx: CaseContext) =>
	['first', 'second', 'third'].map((row) => linePrompt(ctx, `list retry ${row}`));

interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
	retryOf?: string | null;
	workflowName?: string;
}

async function executions(session: N8nSession): Promise<ExecutionSummary[]> {
	const data = await session.call<{ results?: ExecutionSummary[] }>('GET', '/executions');
	return data?.results ?? [];
}

/** Waits for the execution n8n started for the retry of `failedId`, until it has finished. */
async function retryOf(
	session: N8nSession,
	ctx: CaseContext,
	failedId: string,
	timeoutMs = 120_000,
): Promise<RestRun & { summary: ExecutionSummary }> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const summary = (await executions(session)).find((e) => String(e.retryOf) === failedId);
		const finished = summary && (await finishedExecution(session, ctx.n8n.installed, summary.id));
		if (summary && finished) return { ...finished, summary };
		if (Date.now() > until) throw new Error(`the retry of ${failedId} did not finish`);
		await sleep(500);
	}
}

/**
 * "Retry with original workflow" on a failed execution, as the Executions list sends it
 * (`POST /rest/executions/:id/retry`), on `n8n start` over the user folder the failed
 * `n8n execute` run stored its execution in.
 */
async function retryFromList(ctx: CaseContext) {
	const children = new SuiteProcesses();
	try {
		const server = await startN8nServer(children, ctx.n8n.installed, {
			name: `n8n ${ctx.line.name} (list retry)`,
			env: ctx.n8n.env,
			cwd: ctx.n8n.filesDir,
			logFile: join(ctx.n8n.userFolder, 'list-retry-server.log'),
			owner: OWNER,
		});
		const session = await N8nSession.login(server.baseUrl, OWNER);
		const failed = (await executions(session)).find(
			(e) => e.workflowName === WORKFLOW_NAME && e.status === 'error',
		);
		assert.ok(failed, 'n8n stored no failed execution of the workflow');
		await session.call('POST', `/executions/${failed.id}/retry`, { loadWorkflow: false });
		return { failedId: failed.id, retry: await retryOf(session, ctx, failed.id) };
	} finally {
		await children.stopAll();
	}
}

export const costListRetryCases: Case[] = [
	{
		name: "cost safety: a retry from n8n's Executions list reuses the jobs fal finished in the failed run",
		workflow: (ctx) => ({
			...rowsWorkflow(prompts(ctx), nanoBananaNode(ctx, { options: { concurrency: 1 } })),
			name: WORKFLOW_NAME,
		}),
		before(ctx) {
			ctx.emu.reset();
			// One item at a time: the third item's download fails after fal finished all three.
			ctx.emu.behaviour = { failDownloads: { times: 1, prompt: prompts(ctx)[2] } };
		},
		async check(result, ctx) {
			const failed = failure(result);
			assert.equal(failed.node, NODE_NAME, failed.message);
			const jobs = ctx.emu.submissions();
			assert.deepEqual(
				jobs.map((job) => [job.input.prompt, job.status]),
				prompts(ctx).map((prompt) => [prompt, 'COMPLETED']),
			);

			const { failedId, retry } = await retryFromList(ctx);
			assert.equal(retry.summary.mode, 'retry');
			assert.equal(retry.status, 'success', `the retry of ${failedId} ended ${retry.status}`);
			assert.equal(ctx.emu.submissions().length, 3, 'the retry paid fal again');
			const items = nodeItems(retry.run, NODE_NAME);
			assert.deepEqual(
				items.map((item) => [item.json.prompt, item.json.reusedRequestId]),
				jobs.map((job) => [job.input.prompt, job.requestId]),
			);
		},
	},
];
