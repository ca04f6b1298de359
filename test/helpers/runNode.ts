import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { NanoBanana } from '../../nodes/NanoBanana/NanoBanana.node';
import type { FalEmulator } from '../emulator';
import { TestExecution, type ExecutionOptions } from './executeFunctions';

export const TEST_KEY = 'key-id-1234:secret-5678-abcdef';

export interface NodeRun {
	execution: TestExecution;
	output: INodeExecutionData[];
}

/** Runs the node's execute() once, wired to the emulator through the credential's proxy URL. */
export async function runNode(
	emulator: FalEmulator,
	parameters: IDataObject,
	options: Omit<ExecutionOptions, 'parameters'> = {},
): Promise<NodeRun> {
	const execution = new TestExecution({
		credentials: { apiKey: TEST_KEY, proxyUrl: emulator.proxyUrl },
		...options,
		parameters,
	});
	const [output] = await new NanoBanana().execute.call(execution.context());
	return { execution, output };
}

/** Like runNode, but returns the error the node threw. */
export async function runNodeExpectingError(
	emulator: FalEmulator,
	parameters: IDataObject,
	options: Omit<ExecutionOptions, 'parameters'> = {},
): Promise<Error & { description?: string }> {
	try {
		await runNode(emulator, parameters, options);
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('the node did not fail');
}
