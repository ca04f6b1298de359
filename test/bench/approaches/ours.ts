import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { TestExecution } from '../../helpers/executeFunctions';
import { NanoBanana } from './loadNode';
import { IMAGE_FORMAT, type Approach, type ApproachContext } from './types';

/** `count` blank items through Generate with the bench's prompt, binaries written to disk. */
export function generateExecution(
	ctx: ApproachContext,
	count: number,
	parameters: IDataObject,
): TestExecution {
	return new TestExecution({
		items: Array.from({ length: count }, (): INodeExecutionData => ({ json: {} })),
		parameters: {
			operation: 'generate',
			prompt: ctx.prompt,
			outputFormat: IMAGE_FORMAT,
			...parameters,
		},
		credentials: { apiKey: ctx.apiKey, proxyUrl: ctx.proxyUrl },
		binaryMode: 'filesystem',
		storageDir: ctx.storageDir,
	});
}

/** The Nano Banana node's execute(), binaries written to disk as n8n 2.x does by default. */
export function oursApproach(ctx: ApproachContext): Approach {
	const node = new NanoBanana();
	return {
		key: 'ours',
		label: 'Nano Banana node (status stream)',
		async run(count, concurrency) {
			const execution = generateExecution(ctx, count, { options: { concurrency } });
			const [output] = await node.execute.call(execution.context());
			const stored = output.filter((item) => item.binary?.data?.id);
			if (stored.length !== count)
				throw new Error(`the node stored ${stored.length} of ${count} images`);
		},
	};
}
