import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { prepareExampleFiles, startingTrigger, type ExampleWorkflow } from '../../tooling/examples';
import { nodeItems, type WorkflowInput } from '../harness';
import { okItems } from './expect';
import type { Case, CaseContext } from './types';
import { EXAMPLES_DIR, exampleWorkflow, nanoBananaNodes } from './workflow';

/** Exactly what `npm run dev` prepares: the folders and input files the examples use. */
function prepareFiles(ctx: CaseContext): void {
	prepareExampleFiles(ctx.n8n.filesDir);
}

/** Names of the nodes that write files to disk. */
function fileWriters(workflow: WorkflowInput): string[] {
	return (
		workflow.nodes as Array<{ name: string; type?: string; parameters?: { operation?: string } }>
	)
		.filter(
			(node) =>
				node.type === 'n8n-nodes-base.readWriteFile' && node.parameters?.operation === 'write',
		)
		.map((node) => node.name);
}

/** Nano Banana nodes with Wait for Result off: they return request ids, not images. */
function submitOnly(workflow: WorkflowInput, name: string): boolean {
	const node = (
		workflow.nodes as Array<{ name: string; parameters?: Record<string, unknown> }>
	).find((candidate) => candidate.name === name);
	return node?.parameters?.waitForResult === false;
}

/**
 * Every shipped example run by a click must import and run: one case per `examples/*.json`.
 * A trigger-started one (the receiving half of the big-batch pair) waits for fal's calls in an
 * active workflow; `n8n execute` cannot start it, so the trigger and dev suites run it.
 */
export function exampleCases(): Case[] {
	if (!existsSync(EXAMPLES_DIR)) return [];
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.filter((file) => !startingTrigger(exampleWorkflow(file) as ExampleWorkflow))
		.sort()
		.map((file) => ({
			name: `example: ${file} runs`,
			workflow: () => exampleWorkflow(file),
			before: prepareFiles,
			check(result, ctx) {
				const workflow = exampleWorkflow(file);
				const nodes = nanoBananaNodes(workflow);
				assert.ok(nodes.length > 0, 'the example has no Nano Banana node');
				for (const node of nodes) {
					const items = okItems(result, node);
					assert.ok(items.length > 0, `${node} output nothing`);
					if (submitOnly(workflow, node)) {
						for (const item of items) {
							assert.match(String(item.json.requestId), /\S/, `${node} output no request id`);
							assert.equal(item.binary, undefined, `${node} waited for an image`);
						}
						continue;
					}
					const withoutBinary = items.filter((item) => !Object.keys(item.binary ?? {}).length);
					assert.equal(withoutBinary.length, 0, `${node} output items without binary data`);
				}
				for (const writer of fileWriters(workflow)) {
					if (!result.ok) break;
					for (const item of nodeItems(result.run, writer)) {
						const written = String(item.json.fileName);
						assert.ok(ctx.n8n.readFile(written).length > 0, `${writer} wrote an empty ${written}`);
					}
				}
			},
		}));
}
