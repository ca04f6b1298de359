import { randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { NanoBanana } from '../../nodes/NanoBanana/NanoBanana.node';
import type { FalEmulator } from '../emulator';
import { TestExecution, type ExecutionOptions } from './executeFunctions';
import { TEST_KEY } from './runNode';

type RunOutcome = 'success' | 'error';

/**
 * One n8n execution seen from a node, as n8n-core's WorkflowExecute keeps it:
 * - the context store (`executionData.contextData`, one entry per node as `node:<name>`), handed
 *   to every run of a node in the execution;
 * - the node's runs (`resultData.runData[<name>]`): a run's index is the number of runs before
 *   it. A loop pass or an AI Agent's tool call is a new run; n8n's Retry On Fail tries the same
 *   run again (one entry, one index);
 * - the mode: a retry from the Executions list is a new execution in mode 'retry' that starts
 *   from a copy of the failed one's data, its failed last run removed (n8n's execution service).
 */
export class SharedExecution {
	contextData: Record<string, IDataObject> = {};

	private runData: Record<string, RunOutcome[]> = {};

	constructor(
		readonly executionId: string = randomUUID(),
		readonly mode: string = 'trigger',
	) {}

	/** As n8n-core's getContext: 'flow' for the workflow, 'node' for the calling node. */
	getContext(type: 'flow' | 'node', node: INode): IDataObject {
		const key = type === 'flow' ? 'flow' : `node:${node.name}`;
		this.contextData[key] ??= {};
		return this.contextData[key];
	}

	/** The index a new run of the node gets: the number of its runs so far. */
	nextRunIndex(nodeName: string): number {
		return (this.runData[nodeName] ?? []).length;
	}

	/** The index of the node's last run, which Retry On Fail tries again. */
	lastRunIndex(nodeName: string): number {
		const runs = this.runData[nodeName] ?? [];
		if (runs.length === 0) throw new Error(`"${nodeName}" has not run yet: nothing to retry`);
		return runs.length - 1;
	}

	finishRun(nodeName: string, runIndex: number, outcome: RunOutcome): void {
		this.runData[nodeName] ??= [];
		this.runData[nodeName][runIndex] = outcome;
	}

	/**
	 * "Retry" in the Executions list: a new execution (new id, mode 'retry') from the saved data
	 * of this one (as JSON, as n8n stores it), the failed last run of each node removed so that
	 * run is done again under the same run index.
	 */
	retriedFromList(): SharedExecution {
		const retry = new SharedExecution(randomUUID(), 'retry');
		retry.contextData = JSON.parse(JSON.stringify(this.contextData)) as typeof this.contextData;
		for (const [name, runs] of Object.entries(this.runData)) {
			retry.runData[name] = runs.at(-1) === 'error' ? runs.slice(0, -1) : [...runs];
		}
		return retry;
	}

	/** A TestExecution's functions with this execution's id, mode and context added. */
	wrap(test: TestExecution): IExecuteFunctions {
		// eslint-disable-next-line @typescript-eslint/no-this-alias
		const execution = this;
		return {
			...test.context(),
			getExecutionId: () => execution.executionId,
			getMode: () => execution.mode,
			// The node as the calling context names it (a copy may rename it or change its settings).
			getContext(this: IExecuteFunctions, type: 'flow' | 'node') {
				return execution.getContext(type, this.getNode());
			},
		} as IExecuteFunctions;
	}
}

export interface NodeSettings {
	/** n8n's node setting Retry On Fail, as the node reads it from getNode(). */
	retryOnFail?: boolean;
	/**
	 * 'run' (default): a new run of the node (a loop pass, a tool call, a later run).
	 * 'retry': n8n's Retry On Fail trying the node's last run again, under its run index.
	 */
	as?: 'run' | 'retry';
}

const NODE_NAME = 'Nano Banana';

/** Runs the node once inside `execution`: one new run, or (as: 'retry') one more try of the last. */
export async function runInExecution(
	emulator: FalEmulator,
	execution: SharedExecution,
	parameters: IDataObject,
	options: Omit<ExecutionOptions, 'parameters' | 'runIndex' | 'mode'> & NodeSettings = {},
) {
	const { retryOnFail, as = 'run', ...rest } = options;
	const runIndex =
		as === 'retry' ? execution.lastRunIndex(NODE_NAME) : execution.nextRunIndex(NODE_NAME);
	const test = new TestExecution({
		credentials: { apiKey: TEST_KEY, proxyUrl: emulator.proxyUrl },
		...rest,
		parameters,
		runIndex,
		mode: execution.mode,
	});
	const context = execution.wrap(test);
	const node = context.getNode();
	if (node.name !== NODE_NAME) throw new Error(`the node is named "${node.name}"`);
	if (retryOnFail !== undefined) context.getNode = () => ({ ...node, retryOnFail });
	try {
		const [output] = await new NanoBanana().execute.call(context);
		execution.finishRun(NODE_NAME, runIndex, 'success');
		return { execution: test, output };
	} catch (error) {
		execution.finishRun(NODE_NAME, runIndex, 'error');
		throw error;
	}
}

/** Like runInExecution, but returns the error the node threw. */
export async function runInExecutionExpectingError(
	...args: Parameters<typeof runInExecution>
): Promise<Error & { description?: string }> {
	try {
		await runInExecution(...args);
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('the node did not fail');
}
