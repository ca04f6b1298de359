import { createFalClient } from '@fal-ai/client';

import { runPool } from '../pool';
import { downloadImage, firstImageUrl } from './download';
import { falInput, type Approach, type ApproachContext } from './types';

const POLL_MS = 5000;

/**
 * What existing fal nodes for n8n do: submit, ask for the status at once and then every
 * 5 s until COMPLETED, fetch the result, download the image.
 */
export function fivePollerApproach(ctx: ApproachContext): Approach {
	const client = createFalClient({
		credentials: ctx.apiKey,
		proxyUrl: { url: ctx.proxyUrl, when: 'always' },
		suppressLocalCredentialsWarning: true,
	});
	const endpoint = 'fal-ai/nano-banana';
	return {
		key: 'fivePoller',
		label: '5 s poller (queue.submit + status every 5 s)',
		async run(count, concurrency) {
			await runPool(count, concurrency, async () => {
				const input = falInput(ctx.prompt);
				const { request_id: requestId } = await client.queue.submit(endpoint, { input });
				while ((await client.queue.status(endpoint, { requestId })).status !== 'COMPLETED') {
					await new Promise((resolve) => setTimeout(resolve, POLL_MS));
				}
				const result = await client.queue.result(endpoint, { requestId });
				await downloadImage(firstImageUrl(result.data));
			});
		},
	};
}
