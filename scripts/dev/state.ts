import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What earlier starts did, so a later start skips work whose inputs did not change. */
export interface DevState {
	/** Hash of the sources the installed package was built from. */
	packageHash?: string;
	/** The "Fal API" credential dev manages, and a hash of the target it was last pointed at. */
	credential?: { id: string; target: string };
}

const file = (folder: string) => join(folder, 'dev-state.json');

export function readState(folder: string): DevState {
	if (!existsSync(file(folder))) return {};
	try {
		return JSON.parse(readFileSync(file(folder), 'utf8')) as DevState;
	} catch {
		return {};
	}
}

export function writeState(folder: string, state: DevState): void {
	writeFileSync(file(folder), JSON.stringify(state, null, 2));
}
