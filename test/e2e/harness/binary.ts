import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BinaryRef } from './runOutput';

// 2.x stores under `.n8n/storage`; 1.x used `.n8n/binaryData` (2.x still honours an old one).
const STORAGE_FOLDERS = ['storage', 'binaryData'];

/**
 * The bytes of a binary from a run. Stored binaries carry `id` = `<mode>:<file id>` (for example
 * `filesystem-v2:workflows/<wf>/executions/<ex>/binary_data/<uuid>`), the file id being the path
 * inside the storage folder; binaries kept in memory (1.x default mode) carry base64 `data`.
 */
export function readBinary(userFolder: string, ref: BinaryRef): Buffer {
	if (!ref.id) return Buffer.from(ref.data, 'base64');
	const colon = ref.id.indexOf(':');
	const mode = ref.id.slice(0, colon);
	const fileId = ref.id.slice(colon + 1);
	if (!mode.startsWith('filesystem')) {
		throw new Error(`binary ${ref.id} is stored in "${mode}" mode, which the harness cannot read`);
	}
	const candidates = STORAGE_FOLDERS.map((folder) => join(userFolder, '.n8n', folder, fileId));
	const file = candidates.find((candidate) => existsSync(candidate));
	if (!file) throw new Error(`binary ${ref.id} not found; looked at ${candidates.join(', ')}`);
	return readFileSync(file);
}
