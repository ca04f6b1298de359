import assert from 'node:assert/strict';
import { INVALID } from './credentials';
import { failure } from './expect';
import type { Case } from './types';
import { NODE_NAME, nanoBananaWorkflow } from './workflow';

export const failureCases: Case[] = [
	{
		name: 'failure: a wrong API key fails the node with a readable error',
		workflow: (ctx) =>
			nanoBananaWorkflow(
				ctx.n8n.nodeType('nanoBanana'),
				{ operation: 'generate', prompt: 'wrong key', numImages: 1 },
				INVALID,
			),
		check(result) {
			const failed = failure(result);
			assert.equal(failed.node, NODE_NAME);
			assert.match(failed.message, /fal rejected the API key \(401\)/);
			assert.doesNotMatch(failed.message, /not-a-valid-key/);
		},
	},
];
