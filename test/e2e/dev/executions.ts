import { join } from 'node:path';

import type { InstalledLine } from '../../tooling/install';
import type { N8nSession } from '../../tooling/n8nRest';
import { nodeItems, type Run, type RunItem } from '../harness';
import { sleep } from '../../tooling/wait';

interface StoredExecution {
	id: string;
	finished: boolean;
	status: string;
	/** n8n's run data, serialised with `flatted` (it has shared references). */
	data: string;
}

/** n8n's own copy of `flatted`, the format n8n stores and serves execution data in. */
function flattedParse(installed: InstalledLine): (text: string) => unknown {
	const path = require.resolve('flatted', {
		paths: [join(installed.n8n.dir, 'node_modules', 'n8n')],
	});
	return (require(path) as { parse: (text: string) => unknown }).parse;
}

export interface RestRun {
	executionId: string;
	status: string;
	run: Run;
}

/** A stored execution once it has finished (undefined while it is new, running or waiting). */
export async function finishedExecution(
	session: N8nSession,
	installed: InstalledLine,
	executionId: string,
): Promise<RestRun | undefined> {
	const answer = await session.request<StoredExecution>('GET', `/executions/${executionId}`);
	const execution = answer.data;
	if (answer.status !== 200 || !execution) return undefined;
	if (['new', 'running', 'waiting'].includes(execution.status)) return undefined;
	const data = flattedParse(installed)(execution.data) as Run['data'];
	return {
		executionId,
		status: execution.status,
		run: { status: execution.status, finished: execution.finished, data },
	};
}

/**
 * Runs a saved workflow the way the editor's "Execute workflow" button does, from its trigger,
 * and waits until n8n has stored the finished execution.
 */
export async function runWorkflow(
	session: N8nSession,
	installed: InstalledLine,
	workflowId: string,
	triggerName: string,
	timeoutMs = 120_000,
): Promise<RestRun> {
	// 1.x runs the workflow the editor sends along; 2.x reads the saved one.
	const workflowData =
		installed.line.name === '1'
			? await session.call<Record<string, unknown>>('GET', `/workflows/${workflowId}`)
			: undefined;
	const started = await session.call<{ executionId?: string }>(
		'POST',
		`/workflows/${workflowId}/run`,
		{ ...(workflowData ? { workflowData } : {}), triggerToStartFrom: { name: triggerName } },
	);
	const executionId = started?.executionId;
	if (!executionId) throw new Error(`n8n started no execution: ${JSON.stringify(started)}`);
	const until = Date.now() + timeoutMs;
	for (;;) {
		const finished = await finishedExecution(session, installed, executionId);
		if (finished) return finished;
		if (Date.now() > until)
			throw new Error(`execution ${executionId} did not finish within ${timeoutMs / 1000} s`);
		await sleep(300);
	}
}

/** A finished execution of a trigger-started workflow and what its trigger node put out. */
export interface TriggerRun {
	executionId: string;
	items: RunItem[];
}

/**
 * The finished executions n8n stored for a workflow (the newest 100), with `nodeName`'s output.
 * `seen` keeps those already read across calls: a finished execution no longer changes.
 */
export async function triggerRuns(
	session: N8nSession,
	installed: InstalledLine,
	workflowId: string,
	nodeName: string,
	seen = new Map<string, TriggerRun>(),
): Promise<TriggerRun[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = await session.call<{ results: Array<{ id: string }> }>(
		'GET',
		`/executions?filter=${filter}&limit=100`,
	);
	const runs: TriggerRun[] = [];
	for (const { id } of list.results) {
		let run = seen.get(id);
		if (!run) {
			const finished = await finishedExecution(session, installed, id);
			if (!finished) continue;
			run = { executionId: id, items: nodeItems(finished.run, nodeName) };
			seen.set(id, run);
		}
		runs.push(run);
	}
	return runs;
}
