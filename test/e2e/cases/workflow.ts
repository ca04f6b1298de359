import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowInput } from '../harness';
import { CREDENTIAL_TYPE, VALID } from './credentials';

export const NODE_NAME = 'Nano Banana';
export const EXAMPLES_DIR = join(__dirname, '..', '..', '..', 'examples');

type Credential = { id: string; name: string };

/** Manual Trigger → Nano Banana with the given parameters. */
export function nanoBananaWorkflow(
	nodeType: string,
	parameters: Record<string, unknown>,
	credential: Credential = VALID,
): WorkflowInput {
	return {
		nodes: [
			{
				id: 'e2e-trigger',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'e2e-nano-banana',
				name: NODE_NAME,
				type: nodeType,
				typeVersion: 1,
				position: [220, 0],
				parameters,
				credentials: { [CREDENTIAL_TYPE]: credential },
			},
		],
		connections: { Start: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
	};
}

interface WorkflowNode {
	type?: string;
	credentials?: Record<string, Credential>;
	[key: string]: unknown;
}

/** An `examples/*.json` workflow with every Nano Banana node pointed at the e2e credential. */
export function exampleWorkflow(file: string, credential: Credential = VALID): WorkflowInput {
	const workflow = JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as WorkflowInput;
	const nodes = (workflow.nodes as WorkflowNode[]).map((node) =>
		node.type?.endsWith('.nanoBanana')
			? { ...node, credentials: { [CREDENTIAL_TYPE]: credential } }
			: node,
	);
	return { ...workflow, nodes };
}

/** Names of the Nano Banana nodes in a workflow. */
export function nanoBananaNodes(workflow: WorkflowInput): string[] {
	return (workflow.nodes as Array<WorkflowNode & { name: string }>)
		.filter((node) => node.type?.endsWith('.nanoBanana'))
		.map((node) => node.name);
}
