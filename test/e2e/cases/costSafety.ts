import assert from 'node:assert/strict';

import type { Run, WorkflowInput } from '../harness';
import type { NodeRun } from '../harness/runOutput';
import type { ChatMessage, ChatScript } from '../../emulator/openai';
import { agentWorkflow } from './agent';
import { nanoBananaTool } from './agentScript';
import { checkImageItem, failure, okItems } from './expect';
import { pairedIndex } from './pipeline';
import type { Case, CaseContext } from './types';
import { chainWorkflow, node, NODE_NAME, packageNode, startNode } from './workflow';

/** As the editor saves a new workflow: n8n's v1 execution order. */
const V1 = { executionOrder: 'v1' };
const LOOP = 'Loop Over Items';
const DONE = 'Done';
const CAP = 6;

const capMessage = (total: number, item: number) =>
	`This item would bring the images requested in this execution to ${total}, over the "Max Images per Execution" cap of ${CAP} [item ${item}]`;

/** Start → Set (rows) → Split Out: one item per prompt, made by n8n's own nodes. */
function rowNodes(prompts: string[]) {
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

const RETRY_PROMPTS = ['retry row 0', 'retry row 1', 'retry row 2'];

/** Three items; Retry On Fail on, as the node's Settings tab stores it. */
function retryWorkflow(ctx: CaseContext): WorkflowInput {
	const nanoBanana = {
		...packageNode(
			NODE_NAME,
			ctx.n8n.nodeType('nanoBanana'),
			{ prompt: '={{ $json.p }}', outputFormat: 'png' },
			600,
		),
		retryOnFail: true,
		maxTries: 2,
		waitBetweenTries: 100,
	};
	return { ...chainWorkflow([...rowNodes(RETRY_PROMPTS), nanoBanana]), settings: V1 };
}

const loopPrompt = (i: number) => `loop row ${i}`;

/** Ten items through Loop Over Items in batches of 2, into the node with a cap of 6 images. */
function loopWorkflow(ctx: CaseContext, continueOnFail: boolean): WorkflowInput {
	const [start, rows, split] = rowNodes(Array.from({ length: 10 }, (_, i) => loopPrompt(i)));
	const loop = node(LOOP, 'n8n-nodes-base.splitInBatches', 3, { batchSize: 2, options: {} }, 600);
	const nanoBanana = {
		...packageNode(
			NODE_NAME,
			ctx.n8n.nodeType('nanoBanana'),
			{ prompt: '={{ $json.p }}', outputFormat: 'png', options: { maxImagesPerExecution: CAP } },
			800,
			{ y: 200 },
		),
		...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	};
	const done = node(DONE, 'n8n-nodes-base.noOp', 1, {}, 800, -200);
	const to = (name: string) => [{ node: name, type: 'main', index: 0 }];
	return {
		nodes: [start, rows, split, loop, nanoBanana, done],
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

const submitted = (ctx: CaseContext, prefix: string) =>
	ctx.emu.submissions().filter((job) => String(job.input.prompt).startsWith(prefix));

/** The agent asks for the same picture twice, then two new ones: the last is over a cap of 2. */
const AGENT_PROMPTS = ['a red kite', 'a red kite', 'a blue kite', 'a green kite'];

/** Unique per line, as both lines share one fal emulator. */
const agentPrompt = (ctx: CaseContext, prompt: string) =>
	`cost safety on n8n ${ctx.line.name}: ${prompt}`;

function toolResults(messages: ChatMessage[]): string[] {
	return messages
		.filter((message) => message.role === 'tool')
		.map((message) =>
			typeof message.content === 'string' ? message.content : JSON.stringify(message.content),
		);
}

/** A model that calls the Nano Banana tool once per prompt, one call per turn, then answers. */
function toolCallsScript(prompts: string[]): ChatScript {
	return (request) => {
		const done = toolResults(request.messages).length;
		if (done >= prompts.length) return { content: `Made ${done} tool calls.` };
		const tool = nanoBananaTool(request);
		return { toolCalls: [{ name: tool.function.name, arguments: { prompt: prompts[done] } }] };
	};
}

/** Every run of the node in the execution (a loop runs it once per batch). */
function nodeRuns(run: Run | undefined): NodeRun[] {
	return run?.data.resultData.runData[NODE_NAME] ?? [];
}

/** An AI Agent of this version calls the tool four times in one execution. */
function agentCase(version: number): Case {
	return {
		name: `cost safety: AI Agent ${version}, calling the tool again reuses the job, and the cap answers it`,
		workflow(ctx) {
			const workflow = agentWorkflow(ctx, version, 'Draw three pictures.', {
				prompt: 'What the image should show',
			});
			// The tool node of that workflow, with a cap of 2 images per execution.
			const tool = (
				workflow.nodes as Array<{ name: string; parameters: Record<string, unknown> }>
			).find((n) => n.name === NODE_NAME);
			assert.ok(tool);
			tool.parameters.options = { maxImagesPerExecution: 2 };
			return { ...workflow, settings: V1 };
		},
		before(ctx) {
			ctx.emu.reset();
			ctx.chat.reset(
				toolCallsScript(AGENT_PROMPTS.map((prompt) => agentPrompt(ctx, `${version}: ${prompt}`))),
			);
		},
		check(result, ctx) {
			okItems(result, 'AI Agent');
			const prompts = AGENT_PROMPTS.map((prompt) => agentPrompt(ctx, `${version}: ${prompt}`));
			const jobs = ctx.emu.submissions();
			assert.deepEqual(
				jobs.map((job) => job.input.prompt),
				[prompts[0], prompts[2]],
				'fal was not paid exactly for the first call and the first different one',
			);
			const requests = ctx.chat.chatRequests();
			const results = toolResults(requests[requests.length - 1].messages);
			assert.equal(results.length, 4, `the model saw ${results.length} tool results`);
			assert.ok(!results[0].includes('reusedRequestId'), `first call: ${results[0]}`);
			assert.ok(
				results[1].includes(`"reusedRequestId":"${jobs[0].requestId}"`),
				`the repeated call did not reuse ${jobs[0].requestId}: ${results[1]}`,
			);
			// The error text as JSON inside the tool message: its quotes arrive escaped.
			assert.match(results[3], /over the \\*"Max Images per Execution\\*" cap of 2/);
			assert.match(results[3], /in this execution to 3/);
		},
	};
}

export const costSafetyCases: Case[] = [
	{
		name: 'cost safety: Retry On Fail after a failed download pays each image once',
		workflow: retryWorkflow,
		before(ctx) {
			ctx.emu.reset();
			// The second item's image download fails once: n8n reruns the whole node.
			ctx.emu.behaviour = { failDownloads: { times: 1, prompt: 'retry row 1' } };
		},
		check(result, ctx) {
			ctx.emu.behaviour = {};
			const items = okItems(result);
			assert.deepEqual(
				items.map((item) => [item.json.prompt, pairedIndex(item.pairedItem)]),
				RETRY_PROMPTS.map((prompt, i) => [prompt, i]),
			);
			const jobs = submitted(ctx, 'retry row');
			assert.equal(jobs.length, 3, `fal was paid for ${jobs.length} jobs to deliver 3`);
			for (const item of items) {
				checkImageItem(ctx, item, 'image/png');
				const job = jobs.find((candidate) => candidate.input.prompt === item.json.prompt);
				assert.ok(job, `no job for ${String(item.json.prompt)}`);
				assert.equal(item.json.requestId, job.requestId);
				// The successful try took every image from the first try's jobs.
				assert.equal(item.json.reusedRequestId, job.requestId);
			}
			const failedDownloads = ctx.emu.requests.filter(
				(r) => r.route === 'media' && r.status === 500,
			);
			assert.equal(failedDownloads.length, 1, 'the download fault did not fire once');
		},
	},
	{
		name: 'cost safety: a loop of 10 images with a cap of 6 stops at the fourth batch',
		workflow: (ctx) => loopWorkflow(ctx, false),
		before: (ctx) => ctx.emu.reset(),
		check(result, ctx) {
			const failed = failure(result);
			assert.equal(failed.node, NODE_NAME);
			assert.equal(failed.message, capMessage(7, 0));
			assert.equal(submitted(ctx, 'loop row').length, CAP);
			const runs = nodeRuns(failed.run);
			assert.equal(runs.length, 4, `the node ran ${runs.length} times`);
			assert.ok(runs[3].error, 'the fourth run did not fail');
		},
	},
	{
		name: 'cost safety: with Continue On Fail, 6 of 10 looped items get images and 4 the cap error',
		workflow: (ctx) => loopWorkflow(ctx, true),
		before: (ctx) => ctx.emu.reset(),
		check(result, ctx) {
			okItems(result, DONE);
			assert.equal(submitted(ctx, 'loop row').length, CAP);
			const runs = nodeRuns(result.ok ? result.run : undefined);
			assert.equal(runs.length, 5);
			const outputs = runs.map((run) => run.data?.main?.[0] ?? []);
			for (const output of outputs) {
				assert.deepEqual(
					output.map((item) => pairedIndex(item.pairedItem)),
					[0, 1],
				);
			}
			const flat = outputs.flat();
			flat.slice(0, CAP).forEach((item, i) => {
				assert.equal(item.json.prompt, loopPrompt(i));
				checkImageItem(ctx, item, 'image/png');
			});
			assert.deepEqual(
				flat.slice(CAP).map((item) => [item.json.error, item.binary]),
				[capMessage(7, 0), capMessage(7, 1), capMessage(7, 0), capMessage(7, 1)].map((m) => [
					m,
					undefined,
				]),
			);
			const done = okItems(result, DONE);
			assert.equal(done.length, 10);
			assert.equal(done.filter((item) => item.binary?.data).length, CAP);
		},
	},
	agentCase(2.2),
	// Agent 3 hands each tool call to n8n's engine, which runs the tool node as a node of its own.
	agentCase(3),
];
