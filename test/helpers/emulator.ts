import { FalEmulator, type FalEmulatorOptions } from '../emulator';
import { TEST_KEY } from './runNode';

/**
 * One fal emulator for a test file: started before its first test (the test key valid and
 * logging off unless `options` say otherwise), reset after each test so no test sees another's
 * jobs, closed after the last. `onStart` receives it.
 */
export function useEmulator(
	options: FalEmulatorOptions,
	onStart: (emulator: FalEmulator) => void,
): void {
	let emulator: FalEmulator | undefined;
	beforeAll(async () => {
		emulator = await FalEmulator.start({ validKeys: [TEST_KEY], quiet: true, ...options });
		onStart(emulator);
	});
	afterEach(() => emulator?.reset());
	afterAll(async () => await emulator?.close());
}
