import assert from 'node:assert/strict';

import type { N8nSession } from '../../tooling/n8nRest';
import type { RunItem } from '../harness';

const MAGIC: Array<[string, number[]]> = [
	['png', [0x89, 0x50, 0x4e, 0x47]],
	['jpeg', [0xff, 0xd8, 0xff]],
	['webp', [0x52, 0x49, 0x46, 0x46]],
];

/** Each item carries at least one binary, and each binary n8n stored is an image. */
export async function checkImageItems(
	session: N8nSession,
	label: string,
	items: RunItem[],
): Promise<void> {
	for (const item of items) {
		const binaries = Object.values(item.binary ?? {});
		assert.ok(binaries.length, `${label} output an item without an image`);
		for (const binary of binaries) {
			const bytes = await session.download(
				`/binary-data?id=${encodeURIComponent(String(binary.id))}&action=download`,
			);
			assert.ok(
				MAGIC.some(([, magic]) => magic.every((byte, i) => bytes[i] === byte)),
				`${label}'s ${binary.fileName} is not an image`,
			);
		}
	}
}
