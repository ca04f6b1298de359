import type { Run, WorkflowInput } from '../harness';
import type { NodeRun } from '../harness/runOutput';
import type { CaseContext } from './types';
import {
	chainWorkflow,
	node,
	NODE_NAME,
	packageNode,
	startNode,
	type WorkflowNode,
} from './workflow';

/** As the editor saves a new workflow: n8n's v1 execution order. */
export const V1 = { executionOrder: 'v1' };
export const LOOP = 'Loop Over Items';
export const DONE = 'Done';

/** n8n's Retry On Fail as the node's Settings tab stores it. */
export const RETRY_ON_FAIL = { retryOnFail: true, maxTries: 2, waitBetweenTries: 100 };

/** Start → Set (rows) → Split Out: one item per prompt, made by n8n's own nodes. */
export function rowNodes(prompts: string[]): WorkflowNode[] {
	return [
		startNode(),
		node(
			'Rows',
			'n8n-nodes-base.set',
			3.4,
			{
				mode: 'raw',
				jsonOutput: JSON.stringify({ rows: prompts.map((p) => ({ p })) }),
				options: {},
			},
			200,
		),
		node(
			'One Item per Row',
			'n8n-nodes-base.splitOut',
			1,
			{ fieldToSplitOut: 'rows', options: {} },
			400,
		),
	];
}

/** The Nano Banana node with the prompt from each row, plus node settings (Retry On Fail, onError). */
export function nanoBananaNode(
	ctx: CaseContext,
	parameters: Record<string, unknown>,
	settings: Record<string, unknown> = {},
	x = 600,
	y = 0,
): WorkflowNode {
	return {
		...packageNode(
			NODE_NAME,
			ctx.n8n.nodeType('nanoBanana'),
			{ prompt: '={{ $json.p }}', outputFormat: 'png', ...parameters },
			x,
			{ y },
		),
		...settings,
	};
}

/** Rows → the node, in one run. */
export function rowsWorkflow(prompts: string[], nanoBanana: WorkflowNode): WorkflowInput {
	return { ...chainWorkflow([...rowNodes(prompts), nanoBanana]), settings: V1 };
}

/** Rows through Loop Over Items in batches of `batchSize` into the node, back to the loop. */
export function loopWorkflow(
	prompts: string[],
	batchSize: number,
	nanoBanana: WorkflowNode,
): WorkflowInput {
	const [start, rows, split] = rowNodes(prompts);
	const loop = node(LOOP, 'n8n-nodes-base.splitInBatches', 3, { batchSize, options: {} }, 600);
	const placed = { ...nanoBanana, position: [800, 200] };
	const done = node(DONE, 'n8n-nodes-base.noOp', 1, {}, 800, -200);
	const to = (name: string) => [{ node: name, type: 'main', index: 0 }];
	return {
		nodes: [start, rows, split, loop, placed, done],
		connections: {
			[start.name]: { main: [to(rows.name)] },
			[rows.name]: { main: [to(split.name)] },
			[split.name]: { main: [to(LOOP)] },
			// Loop Over Items: output 0 is "done", output 1 is "loop".
			[LOOP]: { main: [to(DONE), to(NODE_NAME)] },
			[NODE_NAME]: { main: [to(LOOP)] },
		},
		settings: V1,
	};
}

/** Every run of the node in the execution (a loop runs it once per batch). */
export function nodeRuns(run: Run | undefined): NodeRun[] {
	return run?.data.resultData.runData[NODE_NAME] ?? [];
}

/** The jobs fal was asked for (and paid) whose prompt starts with `prefix`. */
export const submitted = (ctx: CaseContext, prefix: string) =>
	ctx.emu.submissions().filter((job) => String(job.input.prompt).startsWith(prefix));

/** Unique per line, so a line's jobs are told apart from the other's. */
export const linePrompt = (ctx: CaseContext, prompt: string) => `n8n ${ctx.line.name}: ${prompt}`;
