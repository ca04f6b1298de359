import { createFalClient } from '@fal-ai/client';

import { runPool } from '../pool';
import { downloadImage, firstImageUrl } from './download';
import { falInput, type Approach, type ApproachContext } from './types';

/** The straightforward integration: the fal client's subscribe() with its default 500 ms polling. */
export function clientPollingApproach(ctx: ApproachContext): Approach {
	const client = createFalClient({
		credentials: ctx.apiKey,
		proxyUrl: { url: ctx.proxyUrl, when: 'always' },
		suppressLocalCredentialsWarning: true,
	});
	return {
		key: 'clientPolling',
		label: 'fal client subscribe (default 500 ms polling)',
		async run(count, concurrency) {
			await runPool(count, concurrency, async () => {
				const result = await client.subscribe('fal-ai/nano-banana', {
					input: falInput(ctx.prompt),
				});
				await downloadImage(firstImageUrl(result.data));
			});
		},
	};
}
