import { randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { NanoBanana } from '../../nodes/NanoBanana/NanoBanana.node';
import type { FalEmulator } from '../emulator';
import { TestExecution, type ExecutionOptions } from './executeFunctions';
import { TEST_KEY } from './runNode';

/**
 * One n8n execution seen from a node: its id and the run data's context store, which n8n keeps
 * for the whole execution (`executionData.contextData`, one entry per node as `node:<name>`)
 * and hands to every run of a node in it: Retry On Fail, the runs of a loop, tool calls.
 */
export class SharedExecution {
	readonly contextData: Record<string, IDataObject> = {};

	constructor(readonly executionId: string = randomUUID()) {}

	/** As n8n-core's getContext: 'flow' for the workflow, 'node' for the calling node. */
	getContext(type: 'flow' | 'node', node: INode): IDataObject {
		const key = type === 'flow' ? 'flow' : `node:${node.name}`;
		this.contextData[key] ??= {};
		return this.contextData[key];
	}

	/** A TestExecution's functions with this execution's id and context added. */
	wrap(test: TestExecution): IExecuteFunctions {
		// eslint-disable-next-line @typescript-eslint/no-this-alias
		const execution = this;
		return {
			...test.context(),
			getExecutionId: () => execution.executionId,
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
}

/** Runs the node once inside `execution`, as one run of it (one try, one loop pass, one tool call). */
export async function runInExecution(
	emulator: FalEmulator,
	execution: SharedExecution,
	parameters: IDataObject,
	options: Omit<ExecutionOptions, 'parameters'> & NodeSettings = {},
) {
	const { retryOnFail, ...rest } = options;
	const test = new TestExecution({
		credentials: { apiKey: TEST_KEY, proxyUrl: emulator.proxyUrl },
		...rest,
		parameters,
	});
	const context = execution.wrap(test);
	if (retryOnFail !== undefined) {
		const node = context.getNode();
		context.getNode = () => ({ ...node, retryOnFail });
	}
	const [output] = await new NanoBanana().execute.call(context);
	return { execution: test, output };
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
