/**
 * Standalone emulator for manual runs against a real n8n:
 *   npm run emulator -- [--port 8787] [--processing-ms 1500] [--queue-ms 0] [--key KEY]...
 *                       [--image-long-side 256] [--image-bytes N] [--quiet]
 */
import { CONTROL_PATH } from './control-routes';
import { DEFAULT_KEY, FalEmulator } from './emulator';
import type { FalEmulatorOptions } from './types';

function parseArgs(argv: string[]): FalEmulatorOptions {
	const options: FalEmulatorOptions = { port: 8787, quiet: false };
	const keys: string[] = [];
	const number = (flag: string, value: string | undefined): number => {
		const parsed = Number(value);
		if (value === undefined || !Number.isFinite(parsed) || parsed < 0) {
			throw new Error(`${flag} needs a non-negative number`);
		}
		return parsed;
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = argv[i + 1];
		switch (flag) {
			case '--port':
				options.port = number(flag, value);
				i++;
				break;
			case '--processing-ms':
				options.processingMs = number(flag, value);
				i++;
				break;
			case '--queue-ms':
				options.queueMs = number(flag, value);
				i++;
				break;
			case '--image-long-side':
				options.imageLongSide = number(flag, value);
				i++;
				break;
			case '--image-bytes':
				options.imageBytes = number(flag, value);
				i++;
				break;
			case '--key':
				if (!value) throw new Error('--key needs a value');
				keys.push(value);
				i++;
				break;
			case '--quiet':
				options.quiet = true;
				break;
			default:
				throw new Error(`Unknown option ${flag}`);
		}
	}
	if (keys.length > 0) options.validKeys = keys;
	return options;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	const emulator = await FalEmulator.start(options);
	const keys = emulator.options.validKeys;
	process.stdout.write(
		[
			`fal emulator for the Nano Banana family listening on ${emulator.url}`,
			`  n8n credential Proxy URL: ${emulator.proxyUrl}`,
			`  n8n credential API Key:   ${keys[0] ?? DEFAULT_KEY}${keys.length > 1 ? ` (also: ${keys.slice(1).join(', ')})` : ''}`,
			`  processing ${emulator.options.processingMs} ms, queued ${emulator.options.queueMs} ms; Ctrl+C stops`,
			`  control interface:        ${emulator.url}${CONTROL_PATH} (options, jobs, cancels, media, webhooks, reset)`,
			'',
		].join('\n'),
	);
	const stop = () => {
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
