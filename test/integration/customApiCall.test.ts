import { NodeHelpers, NodeOperationError, type INode } from 'n8n-workflow';

import { FalEmulator } from '../emulator';
import { runNodeExpectingError } from '../helpers/runNode';
import { NanoBanana } from '../../nodes/NanoBanana/NanoBanana.node';
import { useEmulator } from '../helpers/emulator';

// The operation value n8n's editor adds because the credential declares `authenticate`.
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

let emulator: FalEmulator;
useEmulator({}, (started) => (emulator = started));

function node(parameters: INode['parameters']): INode {
	return {
		id: 'nb',
		name: 'Nano Banana',
		type: 'n8n-nodes-fal-nano-banana.nanoBanana',
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
}

describe('"Custom API Call" operation added by n8n', () => {
	it('points to the HTTP Request node with the Fal API credential, before any request', async () => {
		const error = await runNodeExpectingError(emulator, { operation: CUSTOM_API_CALL });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'Custom API calls are made with the HTTP Request node, not with Nano Banana [item 0]',
		);
		expect(error.description).toMatch(/HTTP Request node.*"Fal API"/);
		expect(emulator.requests).toHaveLength(0);
	});

	it('is not blocked by n8n\'s "Prompt is required" check, which still applies to Generate', () => {
		const { description } = new NanoBanana();
		const issues = (parameters: INode['parameters']) =>
			NodeHelpers.getNodeParametersIssues(description.properties, node(parameters), description);
		expect(issues({ operation: CUSTOM_API_CALL })).toBeNull();
		expect(issues({ operation: 'generate', prompt: '' })?.parameters).toHaveProperty('prompt');
	});
});
