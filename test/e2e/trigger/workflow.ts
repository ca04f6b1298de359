import { VALID } from '../cases/credentials';
import type { WorkflowInput } from '../harness';

export const WEBHOOK_ID = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** The trigger's production URL path, as the editor shows it: `/webhook/<webhookId>/fal`. */
export const TRIGGER_PATH = `${WEBHOOK_ID}/fal`;

/** Nano Banana Trigger → HTTP Request that POSTs each image's bytes to the sink. */
export function triggerWorkflow(packageName: string, sinkUrl: string): WorkflowInput {
	return {
		name: 'Nano Banana Trigger (e2e)',
		nodes: [
			{
				id: 'trigger-1',
				name: 'Nano Banana Trigger',
				type: `${packageName}.nanoBananaTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId: WEBHOOK_ID,
				parameters: { options: {} },
				credentials: { falNanoBananaApi: { id: VALID.id, name: VALID.name } },
			},
			{
				id: 'sink-1',
				name: 'Send Image',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [300, 0],
				parameters: {
					method: 'POST',
					url: `=${sinkUrl}?requestId={{ $json.requestId }}`,
					sendBody: true,
					contentType: 'binaryData',
					inputDataFieldName: 'data',
					options: {},
				},
			},
		],
		connections: {
			'Nano Banana Trigger': { main: [[{ node: 'Send Image', type: 'main', index: 0 }]] },
		},
	};
}
