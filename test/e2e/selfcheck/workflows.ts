import type { WorkflowInput } from '../harness';
import { FIXTURE_CREDENTIAL_TYPE, FIXTURE_NODE_TYPE } from './fixturePackage';

export const CREDENTIAL = {
	id: 'selfcheck0000001',
	name: 'Self check',
	type: FIXTURE_CREDENTIAL_TYPE,
	data: { apiKey: 'self-check-key', proxyUrl: 'http://127.0.0.1:1' },
};

/** Manual Trigger → Self Check: the smallest workflow `n8n execute` accepts. */
export function selfCheckWorkflow(fail: boolean): WorkflowInput {
	return {
		name: fail ? 'Self check (fails)' : 'Self check',
		nodes: [
			{
				id: 'trigger',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'check',
				name: 'Self Check',
				type: FIXTURE_NODE_TYPE,
				typeVersion: 1,
				position: [200, 0],
				parameters: { text: 'hello', fail },
				credentials: { [FIXTURE_CREDENTIAL_TYPE]: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
			},
		],
		connections: { Start: { main: [[{ node: 'Self Check', type: 'main', index: 0 }]] } },
	};
}
