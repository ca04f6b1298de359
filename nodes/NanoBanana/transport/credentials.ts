import { NodeOperationError } from 'n8n-workflow';

import type { FalConnection, FalContext } from './types';

export const CREDENTIAL_TYPE = 'falNanoBananaApi';

/** Reads the "Fal API" credential once per execution. */
export async function getFalConnection(ctx: FalContext): Promise<FalConnection> {
	const credentials = await ctx.getCredentials<{ apiKey?: string; proxyUrl?: string }>(
		CREDENTIAL_TYPE,
	);
	const apiKey = (credentials.apiKey ?? '').trim();
	if (!apiKey) {
		throw new NodeOperationError(ctx.getNode(), 'The "Fal API" credential has no API key', {
			description: 'Open the credential and paste your fal API key.',
		});
	}
	const proxyUrl = (credentials.proxyUrl ?? '').trim();
	if (proxyUrl && !/^https?:\/\/[^\s]+$/i.test(proxyUrl)) {
		throw new NodeOperationError(
			ctx.getNode(),
			'The Proxy URL in the "Fal API" credential must start with http:// or https://',
		);
	}
	return { apiKey, proxyUrl: proxyUrl || undefined };
}
