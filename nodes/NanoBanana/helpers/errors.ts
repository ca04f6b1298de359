import { NodeOperationError, type IExecuteFunctions, type INode } from 'n8n-workflow';

import {
	FalAbortError,
	FalHttpError,
	FalNetworkError,
	FalResultError,
	falDetail,
	falDetailText,
	formatFieldError,
	type FalRoute,
} from '../transport/errors';

const ROUTE_LABELS: Record<FalRoute, string> = {
	submit: 'submitting the request',
	status: 'checking the request status',
	stream: 'following the request status',
	result: 'fetching the result',
	cancel: 'cancelling the request',
	'upload-initiate': 'starting an image upload',
	upload: 'uploading an image',
	download: 'downloading an image',
	other: 'calling fal',
};

/** Removes secrets from any text that may reach a user, a log or an execution record. */
export function redact(text: string, secrets: string[]): string {
	return secrets
		.filter((secret) => secret.length >= 4)
		.reduce((out, secret) => out.split(secret).join('***'), text);
}

function describeHttpError(error: FalHttpError): { message: string; description?: string } {
	const detailText = falDetailText(error.body);
	const detail = detailText ? `: ${detailText}` : '';
	const requestId = error.requestId ? ` (fal request ${error.requestId})` : '';
	switch (error.status) {
		case 401:
			return {
				message: `fal rejected the API key (401)${detail}`,
				description:
					'Check the API key in the "fal API" credential. Keys are created at https://fal.ai/dashboard/keys.',
			};
		case 403:
			return {
				message: `fal refused the request (403)${detail}`,
				description:
					'This usually means the fal account has no balance left or the key may not use this model.',
			};
		case 404:
			return {
				message: `fal did not find ${error.route === 'submit' ? 'the model' : 'the request'} (404)${detail}${requestId}`,
			};
		case 422: {
			const fieldErrors = falDetail(error.body);
			const list = Array.isArray(fieldErrors)
				? fieldErrors.map(formatFieldError).join('; ')
				: detailText;
			return {
				message: `fal rejected the input (422)${list ? `: ${list}` : ''}${requestId}`,
				description:
					'Nothing was generated for this item. Correct the named parameters and run it again.',
			};
		}
		case 429:
			return {
				message: `fal's rate limit was reached and retries ran out (429)${detail}${requestId}`,
				description: 'Lower the "Concurrency" option or raise "Max Retries".',
			};
		default:
			return {
				message: `fal answered HTTP ${error.status} while ${ROUTE_LABELS[error.route]}${detail}${requestId}`,
			};
	}
}

function describe(error: unknown): { message: string; description?: string } {
	if (error instanceof FalHttpError) return describeHttpError(error);
	if (error instanceof FalNetworkError) {
		const requestId = error.requestId ? ` (fal request ${error.requestId})` : '';
		return {
			message: `Could not reach fal while ${ROUTE_LABELS[error.route]}${error.systemCode ? ` (${error.systemCode})` : ''}: ${error.message}${requestId}`,
			description:
				'Check the network, and the Proxy URL in the "fal API" credential if one is set.',
		};
	}
	if (error instanceof FalAbortError || error instanceof FalResultError)
		return { message: error.message };
	if (error instanceof NodeOperationError)
		return { message: error.message, description: error.description ?? undefined };
	if (error instanceof Error) return { message: error.message };
	return { message: String(error) };
}

/** One error shape for every failure of an item: clear text, `[item N]`, no secrets. */
export function toItemError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	secrets: string[],
): NodeOperationError {
	if (error instanceof NodeOperationError && error.message.endsWith(`[item ${itemIndex}]`)) {
		return sanitiseError(ctx.getNode(), error, secrets);
	}
	const { message, description } = describe(error);
	const clean = redact(`${message} [item ${itemIndex}]`, secrets);
	const nodeError = new NodeOperationError(ctx.getNode(), clean, {
		itemIndex,
		description: description ? redact(description, secrets) : undefined,
	});
	// n8n swaps any message that mentions a code like ECONNREFUSED for a generic
	// sentence; ours already says what failed and where, so keep it.
	nodeError.message = clean;
	return nodeError;
}

function sanitiseError(
	node: INode,
	error: NodeOperationError,
	secrets: string[],
): NodeOperationError {
	const message = redact(error.message, secrets);
	const description = error.description ? redact(error.description, secrets) : undefined;
	if (message === error.message && description === error.description) return error;
	return new NodeOperationError(node, message, {
		itemIndex: error.context.itemIndex as number,
		description,
	});
}
