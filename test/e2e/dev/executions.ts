import { join } from 'node:path';

import type { InstalledLine } from '../../tooling/install';
import type { N8nSession } from '../../tooling/n8nRest';
import type { Run } from '../harness';
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
	const started = await session.call<{ executionId?: string }>(
		'POST',
		`/workflows/${workflowId}/run`,
		{ triggerToStartFrom: { name: triggerName } },
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
