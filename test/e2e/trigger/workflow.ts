import { VALID } from '../cases/credentials';
import type { WorkflowInput } from '../harness';

export const WEBHOOK_ID = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
/** A second trigger, with Ignore Failed Jobs on. */
export const IGNORING_WEBHOOK_ID = '7a2c3d4e-5f60-4b7c-9d8e-0f1a2b3c4d5e';

/** The trigger's production URL path, as the editor shows it: `/webhook/<webhookId>/fal`. */
export const triggerPath = (webhookId: string): string => `${webhookId}/fal`;
export const TRIGGER_PATH = triggerPath(WEBHOOK_ID);

export const TRIGGER_NODE = 'Nano Banana Trigger';
export const SUBMIT_NODE = 'Nano Banana';
/** The ten rows the submitting workflow sends. */
export const PAIR_PROMPTS = Array.from({ length: 10 }, (_, i) => `pair: banana poster ${i + 1}`);

export const MANUAL_NODE = 'When clicking ‘Execute workflow’';

/** As the editor saves a new workflow. */
const SETTINGS = { executionOrder: 'v1' };
const credentials = { falNanoBananaApi: { id: VALID.id, name: VALID.name } };

/** Nano Banana Trigger → HTTP Request that POSTs each image's bytes to the sink. */
export function triggerWorkflow(
	packageName: string,
	sinkUrl: string,
	{ webhookId = WEBHOOK_ID, options = {}, name = 'Nano Banana Trigger (e2e)' } = {},
): WorkflowInput {
	return {
		name,
		nodes: [
			{
				id: `trigger-${webhookId.slice(0, 4)}`,
				name: TRIGGER_NODE,
				type: `${packageName}.nanoBananaTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { options },
				credentials,
			},
			{
				id: `sink-${webhookId.slice(0, 4)}`,
				name: 'Send Image',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [300, 0],
				parameters: {
					method: 'POST',
					url: `=${sinkUrl}?requestId={{ $json.requestId }}&model={{ $json.model }}`,
					sendBody: true,
					contentType: 'binaryData',
					inputDataFieldName: 'data',
					options: {},
				},
			},
		],
		connections: {
			[TRIGGER_NODE]: { main: [[{ node: 'Send Image', type: 'main', index: 0 }]] },
		},
		settings: SETTINGS,
	};
}

/**
 * The submitting half of the pair, as a user builds it: Manual Trigger → 10 rows → Nano Banana
 * Generate with Wait for Result off and the trigger's Production URL as Notify URL.
 */
export function submitWorkflow(packageName: string, notifyUrl: string, prompts: string[]) {
	const rows = prompts.map((prompt) => ({ prompt }));
	return {
		name: 'Nano Banana submit (e2e)',
		nodes: [
			{
				id: 'manual-1',
				name: MANUAL_NODE,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'rows-1',
				name: 'Rows',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ rows }), options: {} },
			},
			{
				id: 'split-1',
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
				parameters: { fieldToSplitOut: 'rows', options: {} },
			},
			{
				id: 'submit-1',
				name: SUBMIT_NODE,
				type: `${packageName}.nanoBanana`,
				typeVersion: 1,
				position: [600, 0],
				parameters: {
					prompt: '={{ $json.prompt }}',
					waitForResult: false,
					notifyUrl,
					options: {},
				},
				credentials,
			},
		],
		connections: {
			[MANUAL_NODE]: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: SUBMIT_NODE, type: 'main', index: 0 }]] },
		},
		settings: SETTINGS,
	} satisfies WorkflowInput;
}
