import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowInput } from '../harness';
import { CREDENTIAL_TYPE, VALID } from './credentials';

export const NODE_NAME = 'Nano Banana';
export const EXAMPLES_DIR = join(__dirname, '..', '..', '..', 'examples');

type Credential = { id: string; name: string };

export type WorkflowNode = { name: string } & Record<string, unknown>;

/** A workflow node with an id made from its name, placed at (x, y). */
export function node(
	name: string,
	type: string,
	typeVersion: number,
	parameters: Record<string, unknown>,
	x: number,
	y = 0,
): WorkflowNode {
	return {
		id: `e2e-${name.toLowerCase().replace(/\W+/g, '-')}`,
		name,
		type,
		typeVersion,
		position: [x, y],
		parameters,
	};
}

/** The Manual Trigger every e2e workflow starts from. */
export const startNode = (): WorkflowNode =>
	node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, 0);

/** A node of this package (`nanoBanana`, `nanoBananaTool`) with the e2e credential. */
export function packageNode(
	name: string,
	nodeType: string,
	parameters: Record<string, unknown>,
	x: number,
	{ y = 0, credential = VALID }: { y?: number; credential?: Credential } = {},
): WorkflowNode {
	return {
		...node(name, nodeType, 1, parameters, x, y),
		credentials: { [CREDENTIAL_TYPE]: credential },
	};
}

/** The nodes connected one after the other, in order. */
export function chainWorkflow(chain: WorkflowNode[]): WorkflowInput {
	const connections: Record<string, unknown> = {};
	chain.slice(0, -1).forEach((from, i) => {
		connections[from.name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
	});
	return { nodes: chain, connections };
}

/** Manual Trigger → Nano Banana with the given parameters. */
export function nanoBananaWorkflow(
	nodeType: string,
	parameters: Record<string, unknown>,
	credential: Credential = VALID,
): WorkflowInput {
	return chainWorkflow([
		startNode(),
		packageNode(NODE_NAME, nodeType, parameters, 220, { credential }),
	]);
}

/** Start → n8n's Read Files from Disk (the file lands in binary "data") → Nano Banana Edit. */
export function editFileWorkflow(
	nodeType: string,
	file: string,
	parameters: Record<string, unknown>,
): WorkflowInput {
	return chainWorkflow([
		startNode(),
		node(
			'Read File',
			'n8n-nodes-base.readWriteFile',
			1,
			{ operation: 'read', fileSelector: file, options: {} },
			220,
		),
		packageNode(NODE_NAME, nodeType, { operation: 'edit', ...parameters }, 440),
	]);
}

interface ExampleNode {
	type?: string;
	credentials?: Record<string, Credential>;
	[key: string]: unknown;
}

/** An `examples/*.json` workflow with every node that uses the fal credential pointed at the e2e one. */
export function exampleWorkflow(file: string, credential: Credential = VALID): WorkflowInput {
	const workflow = JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as WorkflowInput;
	const nodes = (workflow.nodes as ExampleNode[]).map((node) =>
		node.credentials?.[CREDENTIAL_TYPE]
			? { ...node, credentials: { [CREDENTIAL_TYPE]: credential } }
			: node,
	);
	return { ...workflow, nodes };
}

/** Names of the Nano Banana nodes in a workflow. */
export function nanoBananaNodes(workflow: WorkflowInput): string[] {
	return (workflow.nodes as Array<ExampleNode & { name: string }>)
		.filter((node) => node.type?.endsWith('.nanoBanana'))
		.map((node) => node.name);
}
