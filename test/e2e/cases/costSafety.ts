import assert from 'node:assert/strict';

import type { ChatMessage, ChatScript } from '../../emulator/openai';
import { agentWorkflow } from './agent';
import { nanoBananaTool } from './agentScript';
import { costListRetryCases } from './costListRetry';
import { costRetryCases } from './costRetries';
import {
	DONE,
	linePrompt,
	loopWorkflow,
	nanoBananaNode,
	nodeRuns,
	submitted,
	V1,
} from './costWorkflows';
import { checkImageItem, failure, okItems } from './expect';
import { pairedIndex } from './pipeline';
import type { Case } from './types';
import { NODE_NAME } from './workflow';

const CAP = 6;

const capMessage = (total: number, item: number) =>
	`This item would bring the images requested in this execution to ${total}, over the "Max Images per Execution" cap of ${CAP} [item ${item}]`;

const loopPrompt = (i: number) => `loop row ${i}`;
const TEN_ROWS = Array.from({ length: 10 }, (_, i) => loopPrompt(i));
const cappedNode = (ctx: Parameters<typeof nanoBananaNode>[0], continueOnFail: boolean) =>
	nanoBananaNode(
		ctx,
		{ options: { maxImagesPerExecution: CAP } },
		continueOnFail ? { onError: 'continueRegularOutput' } : {},
	);

const SAME_PROMPT = 'three variations of one prompt';

/** The agent asks for a picture and then another of the same; a third is over a cap of 2. */
const AGENT_PROMPTS = ['a red kite', 'a red kite', 'a blue kite'];

/** Each line's default AI Agent version beside 2.2. */
const AGENT_VERSIONS: Array<{ version: number; lines?: string[] }> = [
	{ version: 2.2 },
	{ version: 3.1, lines: ['2'] },
	{ version: 3, lines: ['1'] },
];

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

/** An AI Agent of this version asks for a picture, another of the same, then one over the cap. */
function agentCase(version: number, lines?: string[]): Case {
	const prompts = (ctx: Parameters<typeof linePrompt>[0]) =>
		AGENT_PROMPTS.map((prompt) => linePrompt(ctx, `cost safety ${version}: ${prompt}`));
	return {
		name: `cost safety: AI Agent ${version} asked for the same picture twice pays twice, and the cap answers it`,
		lines,
		workflow(ctx) {
			const workflow = agentWorkflow(ctx, version, 'Draw a red kite, then another.', {
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
			ctx.chat.reset(toolCallsScript(prompts(ctx)));
		},
		check(result, ctx) {
			okItems(result, 'AI Agent');
			const asked = prompts(ctx);
			const jobs = ctx.emu.submissions();
			assert.deepEqual(
				jobs.map((job) => job.input.prompt),
				[asked[0], asked[1]],
				'fal was not paid exactly once for each of the two identical calls',
			);
			const requests = ctx.chat.chatRequests();
			const results = toolResults(requests[requests.length - 1].messages);
			assert.equal(results.length, 3, `the model saw ${results.length} tool results`);
			for (const [i, text] of results.slice(0, 2).entries()) {
				assert.ok(!text.includes('reusedRequestId'), `call ${i + 1} reused a job: ${text}`);
				assert.ok(text.includes(jobs[i].requestId), `call ${i + 1} lacks its own job: ${text}`);
			}
			// The error text as JSON inside the tool message: its quotes arrive escaped.
			assert.match(results[2], /over the \\*"Max Images per Execution\\*" cap of 2/);
			assert.match(results[2], /in this execution to 3/);
		},
	};
}

export const costSafetyCases: Case[] = [
	{
		name: 'cost safety: a loop over 3 identical prompts without a seed pays for 3 images',
		workflow: (ctx) =>
			loopWorkflow(
				[1, 2, 3].map(() => linePrompt(ctx, SAME_PROMPT)),
				1,
				nanoBananaNode(ctx, {}),
			),
		before: (ctx) => ctx.emu.reset(),
		check(result, ctx) {
			okItems(result, DONE);
			const jobs = submitted(ctx, linePrompt(ctx, SAME_PROMPT));
			assert.equal(jobs.length, 3, `fal was asked ${jobs.length} times for 3 variations`);
			const items = nodeRuns(result.ok ? result.run : undefined).flatMap(
				(run) => run.data?.main?.[0] ?? [],
			);
			assert.deepEqual(
				items.map((item) => [item.json.requestId, item.json.reusedRequestId]),
				jobs.map((job) => [job.requestId, undefined]),
			);
			const urls = new Set(items.map((item) => item.json.url));
			assert.equal(urls.size, 3, 'the three iterations did not get three images');
		},
	},
	{
		name: 'cost safety: a loop of 10 images with a cap of 6 stops at the fourth batch',
		workflow: (ctx) => loopWorkflow(TEN_ROWS, 2, cappedNode(ctx, false)),
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
		workflow: (ctx) => loopWorkflow(TEN_ROWS, 2, cappedNode(ctx, true)),
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
	...AGENT_VERSIONS.map(({ version, lines }) => agentCase(version, lines)),
	...costRetryCases,
	...costListRetryCases,
];
