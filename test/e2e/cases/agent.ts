import assert from 'node:assert/strict';
import type { ChatRequest } from '../../emulator/openai';
import { VALID_KEY } from '../emulator';
import type { WorkflowInput } from '../harness';
import { imageAgentScript, nanoBananaTool } from './agentScript';
import { OPENAI } from './credentials';
import { okItems } from './expect';
import type { Case, CaseContext } from './types';
import { node, packageNode, startNode } from './workflow';

const AGENT = 'AI Agent';
const TOOL = 'Nano Banana';

/** The prompt the scripted model picks; unique per line, as both lines share one fal emulator. */
function agentPrompt(ctx: CaseContext, subject: string): string {
	return `agent on n8n ${ctx.line.name}: ${subject}`;
}

/**
 * Manual Trigger → AI Agent 2.2 with an OpenAI Chat Model (the chat emulator) and the Nano
 * Banana node as its tool. Agent 3.x hands tools to the workflow engine, which `n8n execute`
 * does not drive (the model receives an empty tool result there), so 2.2 is the one tested.
 */
export function agentWorkflow(
	ctx: CaseContext,
	task: string,
	fromAi: Record<string, string>,
): WorkflowInput {
	const toolParameters: Record<string, unknown> = {
		operation: 'generate',
		numImages: 1,
		outputFormat: 'png',
		aspectRatio: '1:1',
	};
	for (const [name, description] of Object.entries(fromAi)) {
		toolParameters[name] = `={{ $fromAI('${name}', '${description}', 'string') }}`;
	}
	return {
		nodes: [
			startNode(),
			node(
				AGENT,
				'@n8n/n8n-nodes-langchain.agent',
				2.2,
				{ promptType: 'define', text: task, options: {} },
				220,
			),
			{
				...node(
					'OpenAI Chat Model',
					'@n8n/n8n-nodes-langchain.lmChatOpenAi',
					1.2,
					{ model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: {} },
					140,
					220,
				),
				credentials: { openAiApi: OPENAI },
			},
			packageNode(TOOL, ctx.n8n.nodeType('nanoBananaTool'), toolParameters, 320, { y: 220 }),
		],
		connections: {
			Start: { main: [[{ node: AGENT, type: 'main', index: 0 }]] },
			'OpenAI Chat Model': {
				ai_languageModel: [[{ node: AGENT, type: 'ai_languageModel', index: 0 }]],
			},
			[TOOL]: { ai_tool: [[{ node: AGENT, type: 'ai_tool', index: 0 }]] },
		},
	};
}

function toolMessage(request: ChatRequest | undefined): string {
	const message = request?.messages.find((m) => m.role === 'tool');
	assert.ok(message, `the second chat request carries no tool message: ${JSON.stringify(request)}`);
	return typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
}

/** The agent's answer: the `output` field of its one item. */
function agentOutput(result: Parameters<Case['check']>[0]): string {
	const [item] = okItems(result, AGENT);
	assert.ok(item, 'the agent produced no item');
	return String(item.json.output);
}

/** Checks shared by the cases where fal succeeds; returns the tool result the model saw. */
function checkImageTurn(ctx: CaseContext, result: Parameters<Case['check']>[0], prompt: string) {
	const output = agentOutput(result);
	const requests = ctx.chat.chatRequests();
	assert.equal(requests.length, 2, `expected 2 chat requests, got ${requests.length}`);
	nanoBananaTool(requests[0]);

	const submitted = ctx.emu.submissions().filter((job) => job.input.prompt === prompt);
	assert.equal(submitted.length, 1, `fal did not receive the agent's prompt "${prompt}" once`);
	const [job] = submitted;
	const urls = (job.output?.images ?? []).map((image) => image.url);
	assert.ok(urls.length, 'fal produced no image');

	const seen = toolMessage(requests[1]);
	for (const url of urls) assert.ok(seen.includes(url), `tool result lacks ${url}: ${seen}`);
	// The tool message is JSON text: the description appears as a JSON string body.
	assert.ok(
		seen.includes(JSON.stringify(String(job.output?.description)).slice(1, -1)),
		`tool result lacks the description: ${seen}`,
	);
	assert.doesNotMatch(seen, /data:image\//, 'tool result carries a data URI');
	assert.doesNotMatch(seen, /[A-Za-z0-9+/]{200,}={0,2}/, 'tool result carries base64 data');
	for (const url of urls) assert.ok(output.includes(url), `agent output lacks ${url}: ${output}`);
	return { job, seen };
}

export const agentCases: Case[] = [
	{
		name: 'agent: the AI Agent calls Nano Banana as a tool and answers with the image URL',
		workflow: (ctx) =>
			agentWorkflow(ctx, 'Draw a cat astronaut and give me the link.', {
				prompt: 'What the image should show',
			}),
		before(ctx) {
			ctx.chat.reset(
				imageAgentScript({
					arguments: { prompt: agentPrompt(ctx, 'a cat astronaut, watercolor') },
				}),
			);
		},
		check(result, ctx) {
			checkImageTurn(ctx, result, agentPrompt(ctx, 'a cat astronaut, watercolor'));
		},
	},
	{
		name: 'agent: the model the agent chose reaches fal',
		workflow: (ctx) =>
			agentWorkflow(ctx, 'Draw a lighthouse with Nano Banana 2.', {
				prompt: 'What the image should show',
				model: 'Which Nano Banana model to use',
			}),
		before(ctx) {
			ctx.chat.reset(
				imageAgentScript({
					arguments: { prompt: agentPrompt(ctx, 'a lighthouse at dusk'), model: 'nano-banana-2' },
				}),
			);
		},
		check(result, ctx) {
			const tool = nanoBananaTool(ctx.chat.chatRequests()[0] ?? { model: '', messages: [] });
			assert.ok(
				'model' in (tool.function.parameters?.properties ?? {}),
				`the tool schema offers no "model" argument: ${JSON.stringify(tool.function.parameters)}`,
			);
			const { job } = checkImageTurn(ctx, result, agentPrompt(ctx, 'a lighthouse at dusk'));
			assert.equal(job.endpoint, 'fal-ai/nano-banana-2');
		},
	},
	{
		name: 'agent: a fal failure inside the tool reaches the agent as a readable error',
		workflow: (ctx) =>
			agentWorkflow(ctx, 'Draw something fal will refuse.', {
				prompt: 'What the image should show',
			}),
		before(ctx) {
			ctx.chat.reset(
				imageAgentScript({ arguments: { prompt: agentPrompt(ctx, 'refused by fal') } }),
			);
			ctx.emu.failNext('submit', {
				kind: 'http',
				status: 422,
				body: {
					detail: [
						{
							loc: ['body', 'prompt'],
							msg: 'The prompt was flagged by the content checker',
							type: 'content_policy_violation',
						},
					],
				},
			});
		},
		check(result, ctx) {
			const output = agentOutput(result);
			const requests = ctx.chat.chatRequests();
			assert.equal(requests.length, 2, `expected 2 chat requests, got ${requests.length}`);
			const seen = toolMessage(requests[1]);
			assert.match(
				seen,
				/flagged by the content checker/,
				`tool result: ${JSON.stringify(requests[1].messages)}`,
			);
			assert.ok(!seen.includes(VALID_KEY), 'the error shows the API key');
			assert.match(output, /flagged by the content checker/);
		},
	},
];
