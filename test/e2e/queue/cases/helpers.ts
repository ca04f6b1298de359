import type { ControlJob } from '../../../emulator';
import type { ExecutionRow } from '../database';
import { executionsStartedBy, type Instance } from '../n8n';
import type { QueueStack } from '../stack';

export interface QueueCase {
	name: string;
	run(stack: QueueStack): Promise<void>;
}

/** Jobs the emulator received for these prompts, in submit order. */
export async function jobsFor(stack: QueueStack, list: string[]): Promise<ControlJob[]> {
	const wanted = new Set(list);
	return (await stack.emu.control.jobs()).filter((job) => wanted.has(String(job.input.prompt)));
}

/** Executions of the suite's workflows with an id above `after`, in id order. */
export async function executionsSince(stack: QueueStack, after: number): Promise<ExecutionRow[]> {
	const rows: ExecutionRow[] = [];
	for (const id of Object.values(stack.ids)) rows.push(...(await stack.db.executions(id)));
	return rows.filter((row) => Number(row.id) > after).sort((a, b) => Number(a.id) - Number(b.id));
}

export async function newestExecutionId(stack: QueueStack): Promise<number> {
	return Math.max(0, ...(await executionsSince(stack, 0)).map((row) => Number(row.id)));
}

export function startedBy(instance: Instance, ids: string[]): string[] {
	const started = new Set(executionsStartedBy(instance));
	return ids.filter((id) => started.has(id));
}
