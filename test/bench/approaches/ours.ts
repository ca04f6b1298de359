import type { INodeExecutionData } from 'n8n-workflow';

import { TestExecution } from '../../helpers/executeFunctions';
import { NanoBanana } from './loadNode';
import { IMAGE_FORMAT, type Approach, type ApproachContext } from './types';

/** The Nano Banana node's execute(), binaries written to disk as n8n 2.x does by default. */
export function oursApproach(ctx: ApproachContext): Approach {
	const node = new NanoBanana();
	return {
		key: 'ours',
		label: 'Nano Banana node (status stream)',
		async run(count, concurrency) {
			const execution = new TestExecution({
				items: Array.from({ length: count }, (): INodeExecutionData => ({ json: {} })),
				parameters: {
					operation: 'generate',
					prompt: ctx.prompt,
					outputFormat: IMAGE_FORMAT,
					options: { concurrency },
				},
				credentials: { apiKey: ctx.apiKey, proxyUrl: ctx.proxyUrl },
				binaryMode: 'filesystem',
				storageDir: ctx.storageDir,
			});
			const [output] = await node.execute.call(execution.context());
			const stored = output.filter((item) => item.binary?.data?.id);
			if (stored.length !== count)
				throw new Error(`the node stored ${stored.length} of ${count} images`);
		},
	};
}
