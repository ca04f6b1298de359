import assert from 'node:assert/strict';

import { DONE, LOOP, loopWorkflow, nanoBananaNode, nodeRuns, RETRY_ON_FAIL } from './costWorkflows';
import { okItems } from './expect';
import type { Case } from './types';

const SAME_PROMPT = 'submitted in a loop, the same each time';

export const submitOnlyRetryCases: Case[] = [
	{
		name: 'submit without waiting in a loop: each pass submits identical prompts anew; Retry On Fail returns the request fal accepted',
		// Two passes of two items, all with one prompt; one at a time, so the fault below hits item 1.
		workflow: (ctx) =>
			loopWorkflow(
				Array(4).fill(SAME_PROMPT),
				2,
				nanoBananaNode(
					ctx,
					{ waitForResult: false, options: { concurrency: 1, maxRetries: 0 } },
					RETRY_ON_FAIL,
				),
			),
		before(ctx) {
			ctx.emu.reset();
			// The first pass: item 0's submit is taken, item 1's refused, so the node fails and n8n retries it.
			ctx.emu.failNext('submit', { kind: 'delay', ms: 0 });
			ctx.emu.failNext('submit', { kind: 'http', status: 400, body: { detail: 'Bad request' } });
		},
		check(result, ctx) {
			okItems(result, DONE);
			const runs = nodeRuns(result.ok ? result.run : undefined);
			assert.equal(runs.length, 2, `the node ran ${runs.length} times, not once per pass`);
			const [first, second] = runs.map((run) => run.data?.main?.[0] ?? []);
			const submits = ctx.emu.requests.filter((r) => r.route === 'submit');
			assert.deepEqual(
				submits.map((r) => r.status),
				[200, 400, 200, 200, 200],
				'fal should be asked 4 times for 4 items, plus the refused submit',
			);
			const jobs = ctx.emu.submissions();
			assert.equal(jobs.length, 4, `fal was paid for ${jobs.length} jobs for 4 items`);
			assert.ok(jobs.every((job) => job.input.prompt === SAME_PROMPT));
			// The retried first pass: item 0 took its accepted request, item 1 was submitted.
			assert.deepEqual(
				first.map((item) => item.json.requestId),
				[jobs[0].requestId, jobs[1].requestId],
			);
			assert.equal(first[0].json.reusedRequestId, jobs[0].requestId);
			assert.equal(first[1].json.reusedRequestId, undefined);
			// The second pass: the same prompts at the same item positions are new requests.
			assert.deepEqual(
				second.map((item) => [item.json.requestId, item.json.reusedRequestId]),
				[
					[jobs[2].requestId, undefined],
					[jobs[3].requestId, undefined],
				],
				`${LOOP}'s second pass should submit anew`,
			);
		},
	},
];
