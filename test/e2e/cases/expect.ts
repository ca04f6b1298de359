import assert from 'node:assert/strict';
import { nodeItems, type ExecuteResult, type RunItem } from '../harness';
import type { CaseContext } from './types';
import { NODE_NAME } from './workflow';

/** The node's output items of a run that must have succeeded. */
export function okItems(result: ExecuteResult, node = NODE_NAME): RunItem[] {
	if (!result.ok) {
		const tail = result.output.trim().split('\n').slice(-15).join('\n');
		assert.fail(`expected success, got: ${result.message}\n${tail}`);
	}
	return nodeItems(result.run, node);
}

/** The failure of a run that must have failed. */
export function failure(result: ExecuteResult): Extract<ExecuteResult, { ok: false }> {
	if (result.ok) assert.fail('expected the execution to fail, but it succeeded');
	return result;
}

const MAGIC: Record<string, number[]> = {
	'image/png': [0x89, 0x50, 0x4e, 0x47],
	'image/jpeg': [0xff, 0xd8, 0xff],
	'image/webp': [0x52, 0x49, 0x46, 0x46],
};

/**
 * One image item as the node promises it: the JSON fields, and binary bytes that are exactly
 * what the emulator served for that URL (read back from n8n's own binary store).
 */
export function checkImageItem(
	ctx: CaseContext,
	item: RunItem,
	mimeType: string,
	property = 'data',
): Buffer {
	for (const field of ['description', 'url', 'fileName', 'mimeType', 'requestId', 'index']) {
		assert.ok(field in item.json, `item JSON lacks "${field}": ${JSON.stringify(item.json)}`);
	}
	assert.equal(item.json.mimeType, mimeType);
	const binary = item.binary?.[property];
	assert.ok(
		binary,
		`item has no binary "${property}" (has: ${Object.keys(item.binary ?? {}).join(', ')})`,
	);
	assert.equal(binary.mimeType, mimeType);
	const bytes = ctx.n8n.readBinary(binary);
	assert.deepEqual(
		[...bytes.subarray(0, MAGIC[mimeType].length)],
		MAGIC[mimeType],
		`binary is not ${mimeType}`,
	);
	const url = item.json.url;
	// With sync mode there is no media URL (null or a data URI): nothing to compare with.
	if (typeof url === 'string' && /^https?:/.test(url)) {
		const served = ctx.emu.media.get(url);
		assert.ok(served, `the emulator never served ${url}`);
		assert.ok(bytes.equals(served.bytes), 'binary differs from the bytes the emulator served');
	}
	return bytes;
}

/** The one paid request of a case, checked for its endpoint. */
export function onlyJob(ctx: CaseContext, endpoint: string) {
	const jobs = ctx.emu.submissions();
	assert.equal(jobs.length, 1, `expected one paid request, got ${jobs.length}`);
	assert.equal(jobs[0].endpoint, endpoint);
	return jobs[0];
}
