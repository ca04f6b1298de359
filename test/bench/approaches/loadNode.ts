import { join } from 'node:path';

import type { NanoBanana as NanoBananaClass } from '../../../nodes/NanoBanana/NanoBanana.node';

/**
 * The node class, loaded by its full file name. Under ts-node an extension-less
 * `NanoBanana.node` resolves to the codex file NanoBanana.node.json (Node tries .json
 * before ts-node's .ts), so the usual import gives an object without the class.
 */
const file = join(__dirname, '..', '..', '..', 'nodes', 'NanoBanana', 'NanoBanana.node.ts');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const loaded = require(file) as { NanoBanana: typeof NanoBananaClass };

export const NanoBanana = loaded.NanoBanana;
