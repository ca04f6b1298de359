import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { NanoBanana } from '../../nodes/NanoBanana/NanoBanana.node';
import type { FalEmulator } from '../emulator';
import { TEST_CA_FILE } from '../emulator/tunnel';
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

const PROXY_ENV = ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY'].flatMap((name) => [
	name,
	name.toLowerCase(),
]);

/**
 * Runs `body` with n8n's proxy settings pointing at the emulator, as a user's n8n behind a
 * corporate proxy would be set up: HTTPS_PROXY to the emulator, which serves fal's real host
 * names through CONNECT with a certificate from the test CA that NODE_EXTRA_CA_CERTS adds;
 * loopback stays direct. The previous values come back afterwards.
 */
export async function withEmulatorAsHttpsProxy<T>(
	emulator: FalEmulator,
	body: () => Promise<T>,
): Promise<T> {
	const names = [...PROXY_ENV, 'NODE_EXTRA_CA_CERTS'];
	const saved = names.map((name) => [name, process.env[name]] as const);
	for (const name of names) delete process.env[name];
	process.env.HTTPS_PROXY = emulator.url;
	process.env.HTTP_PROXY = emulator.url;
	process.env.NO_PROXY = '127.0.0.1,localhost';
	process.env.NODE_EXTRA_CA_CERTS = TEST_CA_FILE;
	try {
		return await body();
	} finally {
		for (const [name, value] of saved) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	}
}

/**
 * Runs the node the way most users have it: a credential with no Proxy URL, so the node calls
 * https://queue.fal.run, https://rest.fal.ai and fal's media hosts itself; n8n's HTTPS_PROXY
 * brings those requests to the emulator (see withEmulatorAsHttpsProxy).
 */
export async function runNodeWithoutProxyUrl(
	emulator: FalEmulator,
	parameters: IDataObject,
	options: Omit<ExecutionOptions, 'parameters' | 'credentials'> = {},
): Promise<NodeRun> {
	return await withEmulatorAsHttpsProxy(emulator, async () => {
		const execution = new TestExecution({
			credentials: { apiKey: TEST_KEY },
			...options,
			parameters,
		});
		const [output] = await new NanoBanana().execute.call(execution.context());
		return { execution, output };
	});
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
