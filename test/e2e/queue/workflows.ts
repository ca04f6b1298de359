import { randomUUID } from 'node:crypto';
import type { WorkflowInput } from '../harness';
import { CREDENTIAL_TYPE, VALID } from '../cases/credentials';
import { NODE_NAME } from '../cases/workflow';

export const WEBHOOK = {
	/** Answers with the last node's first item once the execution is done. */
	generate: 'nano-banana-queue-generate',
	/** A Respond to Webhook node answers with the image itself. */
	respond: 'nano-banana-queue-respond',
	/** Answers at once; the execution goes on at a worker (stop and worker-kill cases). */
	background: 'nano-banana-queue-background',
	/** The Nano Banana Trigger's production path: `<webhookId>/fal`. */
	trigger: '0c8a4d7e-2b1f-4e3a-9d6c-5f7e8a9b0c1d/fal',
} as const;

/** Nano Banana Trigger alone: each fal delivery is one execution, run by a worker. */
function triggerOnly(nodeType: string): WorkflowInput {
	return {
		name: 'Queue mode: Nano Banana Trigger',
		nodes: [
			{
				id: 'nano-banana-trigger',
				name: 'Nano Banana Trigger',
				type: nodeType.replace(/nanoBanana$/, 'nanoBananaTrigger'),
				typeVersion: 1,
				position: [0, 0],
				webhookId: WEBHOOK.trigger.split('/')[0],
				parameters: { options: {} },
				credentials: { [CREDENTIAL_TYPE]: VALID },
			},
		],
		connections: {},
	};
}

type ResponseMode = 'lastNode' | 'responseNode' | 'onReceived';

function webhookNode(path: string, responseMode: ResponseMode) {
	return {
		id: `webhook-${path}`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode, options: {} },
	};
}

/** Webhook → Nano Banana, prompt from the request body (`{"prompt": …}`). */
function webhookToNanoBanana(
	nodeType: string,
	path: string,
	responseMode: ResponseMode,
	numImages: number,
): WorkflowInput {
	return {
		name: `Queue mode: ${path}`,
		nodes: [
			webhookNode(path, responseMode),
			{
				id: `nano-banana-${path}`,
				name: NODE_NAME,
				type: nodeType,
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					operation: 'generate',
					prompt: '={{ $json.body.prompt }}',
					numImages,
					outputFormat: 'png',
					aspectRatio: '1:1',
					syncMode: false,
				},
				credentials: { [CREDENTIAL_TYPE]: VALID },
			},
		],
		connections: { Webhook: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
	};
}

export function queueWorkflows(nodeType: string): Record<keyof typeof WEBHOOK, WorkflowInput> {
	const respond = webhookToNanoBanana(nodeType, WEBHOOK.respond, 'responseNode', 1);
	respond.nodes.push({
		id: 'respond-binary',
		name: 'Respond to Webhook',
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.1,
		position: [440, 0],
		parameters: {
			respondWith: 'binary',
			responseDataSource: 'set',
			inputFieldName: 'data',
			options: {},
		},
	});
	respond.connections[NODE_NAME] = {
		main: [[{ node: 'Respond to Webhook', type: 'main', index: 0 }]],
	};
	return {
		generate: webhookToNanoBanana(nodeType, WEBHOOK.generate, 'lastNode', 2),
		respond,
		background: webhookToNanoBanana(nodeType, WEBHOOK.background, 'onReceived', 1),
		trigger: triggerOnly(nodeType),
	};
}
