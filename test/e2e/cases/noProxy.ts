import assert from 'node:assert/strict';

import { TEST_CA_FILE } from '../../emulator/tunnel';
import { httpsProxyEnv } from '../../tooling/n8nEnv';
import { VALID_KEY } from '../emulator';
import { NO_PROXY_URL } from './credentials';
import { checkImageItem, okItems } from './expect';
import type { Case, CaseContext } from './types';
import { chainWorkflow, NODE_NAME, packageNode, startNode } from './workflow';

const EDIT = 'Nano Banana Edit';

/** Start → Nano Banana (generate) → Nano Banana Edit of that image, both without a Proxy URL. */
function generateThenEdit(ctx: CaseContext, prompt: string) {
	const type = ctx.n8n.nodeType('nanoBanana');
	const credential = { credential: NO_PROXY_URL };
	return chainWorkflow([
		startNode(),
		packageNode(NODE_NAME, type, { prompt, outputFormat: 'png' }, 220, credential),
		packageNode(
			EDIT,
			type,
			{ operation: 'edit', prompt: 'make it gold', outputFormat: 'png' },
			440,
			credential,
		),
	]);
}

/** Requests the emulator recorded for `host` (arrived through a tunnel: the Host header says so). */
function requestsFor(ctx: CaseContext, host: string) {
	return ctx.emu.requests.filter((request) => request.headers.host === host);
}

export const noProxyCases: Case[] = [
	{
		name: "no proxy: with no Proxy URL the node reaches queue.fal.run, rest.fal.ai and fal.media through n8n's HTTPS_PROXY",
		workflow: (ctx) => generateThenEdit(ctx, `no Proxy URL on n8n ${ctx.line.name}`),
		before: (ctx) => ctx.emu.reset(),
		// The emulator is the proxy: it opens fal's host names by CONNECT with the test CA's cert.
		env: (ctx) => httpsProxyEnv(ctx.emu.url, TEST_CA_FILE),
		check(result, ctx) {
			const [generated] = okItems(result);
			const [edited] = okItems(result, EDIT);
			assert.ok(generated && edited, 'a node produced no image');
			for (const item of [generated, edited]) {
				assert.match(String(item.json.url), /^https:\/\/v3\.fal\.media\/files\//);
				checkImageItem(ctx, item, 'image/png');
			}

			const tunnels = new Set(ctx.emu.tunnels.map((t) => `${t.authority} ${t.accepted}`));
			for (const host of ['queue.fal.run', 'rest.fal.ai', 'v3.fal.media']) {
				assert.ok(
					tunnels.has(`${host}:443 true`),
					`n8n opened no tunnel to ${host}: ${[...tunnels]}`,
				);
			}
			for (const request of ctx.emu.requests) {
				const host = request.targetUrl ? new URL(request.targetUrl).host : undefined;
				assert.equal(request.headers.host, host, `${request.path} did not come through a tunnel`);
			}
			const api = [...requestsFor(ctx, 'queue.fal.run'), ...requestsFor(ctx, 'rest.fal.ai')];
			assert.ok(
				api.some((request) => request.route === 'result'),
				'no result was fetched from queue.fal.run',
			);
			for (const request of api) {
				assert.equal(request.key, VALID_KEY, `${request.method} ${request.targetUrl} had no key`);
				assert.equal(request.headers['x-fal-target-url'], undefined);
			}
			const submits = api.filter((request) => request.route === 'submit');
			assert.deepEqual(
				submits.map((request) => request.targetUrl),
				[
					'https://queue.fal.run/fal-ai/nano-banana',
					'https://queue.fal.run/fal-ai/nano-banana/edit',
				],
			);
			const initiates = api.filter((request) => request.route === 'upload-initiate');
			assert.equal(initiates.length, 1, 'the edit uploaded its input other than once');
			assert.equal(
				initiates[0].targetUrl,
				'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3',
			);
			const cdn = requestsFor(ctx, 'v3.fal.media');
			assert.deepEqual(
				cdn.map((request) => request.route).sort(),
				['media', 'media', 'upload'],
				'expected one upload and two downloads at fal.media',
			);
			for (const request of cdn) {
				assert.equal(request.headers.authorization, undefined, 'the key travelled to fal.media');
			}
			// The edit received exactly the generated image.
			const editJob = ctx.emu
				.submissions()
				.find((job) => job.endpoint === 'fal-ai/nano-banana/edit');
			const input = editJob?.receivedImages?.[0]?.bytes;
			assert.ok(input, 'fal received no input image for the edit');
			assert.ok(input.equals(ctx.n8n.readBinary(generated.binary!.data)), 'edit input differs');
		},
	},
];
