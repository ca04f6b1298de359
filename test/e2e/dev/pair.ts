import assert from 'node:assert/strict';

import { startingTrigger, type Example } from '../../tooling/examples';
import type { InstalledLine } from '../../tooling/install';
import type { N8nSession } from '../../tooling/n8nRest';
import { waitUntil } from '../../tooling/wait';
import type { RunItem } from '../harness';
import { triggerRuns } from './executions';
import { checkImageItems } from './images';

interface Saved {
	id: string;
	nodes: Array<{ name: string; type: string }>;
}

/**
 * The submitting half of the big-batch pair returned request ids: the receiving example (active
 * since dev added it) must then run once per id, its trigger putting out the images.
 */
export async function checkReceived(
	session: N8nSession,
	installed: InstalledLine,
	examples: Example[],
	submitted: RunItem[],
	workflowByName: (name: string) => Promise<Saved>,
): Promise<void> {
	const receiving = examples.find((example) => startingTrigger(example.workflow));
	assert.ok(receiving, 'no example receives what the submitting example sent');
	const workflow = await workflowByName(receiving.workflow.name);
	const trigger = workflow.nodes.find((node) => node.type.endsWith('.nanoBananaTrigger'));
	assert.ok(trigger, `${receiving.file} has no Nano Banana Trigger`);
	const ids = submitted.map((item) => String(item.json.requestId));
	const has = (items: RunItem[], id: string) => items.some((item) => item.json.requestId === id);
	const runs = await waitUntil(
		`${receiving.file}: an execution per request id`,
		async () => await triggerRuns(session, installed, workflow.id, trigger.name),
		(list) => ids.every((id) => list.some((run) => has(run.items, id))),
		120_000,
		500,
	);
	for (const id of ids) {
		const mine = runs.filter((run) => has(run.items, id));
		assert.equal(mine.length, 1, `${receiving.file}: ${mine.length} executions for ${id}`);
		await checkImageItems(session, `${receiving.file}: ${trigger.name}`, mine[0].items);
	}
}
