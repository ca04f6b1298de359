import { randomBytes } from 'node:crypto';

import type { CredentialInput, WorkflowInput } from '../../e2e/harness';
import { IMAGE_FORMAT } from '../approaches/types';

export const NODE_NAME = 'Nano Banana';
export const IMAGES_PER_ITEM = 4;
const CREDENTIAL_TYPE = 'falNanoBananaApi';

/** A workflow id of the 16 characters n8n uses, random so its process is easy to find. */
export function uniqueWorkflowId(): string {
	return `bench${randomBytes(8).toString('hex')}`.slice(0, 16);
}

export function benchCredential(apiKey: string, proxyUrl: string): CredentialInput {
	return {
		id: 'benchfalcred0001',
		name: 'fal (bench)',
		type: CREDENTIAL_TYPE,
		data: { apiKey, proxyUrl },
	};
}

/**
 * Manual Trigger → Code (makes `items` items) → Nano Banana with 4 images per item; with
 * `urlsOnly` the node returns fal's URLs and downloads nothing.
 */
export function imagesWorkflow(
	nodeType: string,
	credential: CredentialInput,
	items: number,
	urlsOnly = false,
): WorkflowInput {
	return {
		name: `Bench: ${items} items x 4 images${urlsOnly ? ', URLs only' : ''}`,
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'items',
				name: 'Make Items',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: {
					jsCode: `return Array.from({ length: ${items} }, (_, i) => ({ json: { index: i } }));`,
				},
			},
			{
				id: 'banana',
				name: NODE_NAME,
				type: nodeType,
				typeVersion: 1,
				position: [400, 0],
				// One prompt for all: the emulator then encodes four images once and serves them again.
				parameters: {
					operation: 'generate',
					prompt: 'A banana-shaped spaceship over a neon city',
					numImages: IMAGES_PER_ITEM,
					outputFormat: IMAGE_FORMAT,
					...(urlsOnly ? { options: { returnUrlsOnly: true } } : {}),
				},
				credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Make Items', type: 'main', index: 0 }]] },
			'Make Items': { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] },
		},
	};
}

export const HTTP_NODE_NAME = 'HTTP Request';

/**
 * Manual Trigger → Code (one item per URL) → n8n's own HTTP Request node with Response Format
 * File: the same downloads the node makes, by n8n's own code, as the anchor for the node's rise.
 * The node's editor defaults otherwise (no batching: n8n starts every item's request at once).
 */
export function httpRequestWorkflow(urls: string[]): WorkflowInput {
	return {
		name: `Bench: ${urls.length} downloads through n8n's HTTP Request node`,
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'urls',
				name: 'Image URLs',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: {
					jsCode: `return ${JSON.stringify(urls)}.map((url) => ({ json: { url } }));`,
				},
			},
			{
				id: 'http',
				name: HTTP_NODE_NAME,
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [400, 0],
				parameters: {
					url: '={{ $json.url }}',
					options: { response: { response: { responseFormat: 'file' } } },
				},
			},
		],
		connections: {
			Start: { main: [[{ node: 'Image URLs', type: 'main', index: 0 }]] },
			'Image URLs': { main: [[{ node: HTTP_NODE_NAME, type: 'main', index: 0 }]] },
		},
	};
}
