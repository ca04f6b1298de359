import { FalEmulator } from '../emulator';

/** The emulator the suite talks to; its instance type, whatever the emulator module calls it. */
export type Emulator = Awaited<ReturnType<typeof FalEmulator.start>>;

export const VALID_KEY = 'e2e-key';

/** Runs in this process; n8n's child processes reach it over HTTP at `proxyUrl`. */
export async function startEmulator(): Promise<Emulator> {
	return await FalEmulator.start({ validKeys: [VALID_KEY] });
}
