/** Command-line settings of `npm run bench`; every one has a default. */
export interface BenchArgs {
	/** Emulated fal processing time for the latency part. */
	tMs: number;
	/** Measured rounds per approach (after one warm-up round). */
	runs: number;
	/** Emulated processing time for the throughput part; smaller keeps the whole run short. */
	throughputTMs: number;
	skipN8n: boolean;
}

const USAGE = `Usage: npm run bench -- [--t-ms 3000] [--runs 5] [--throughput-t-ms 1250] [--skip-n8n]`;

function positiveInteger(flag: string, value: string | undefined): number {
	const number = Number(value);
	if (!value || !Number.isInteger(number) || number < 1) {
		throw new Error(`${flag} needs a positive whole number\n${USAGE}`);
	}
	return number;
}

export function parseArgs(argv: string[]): BenchArgs {
	const args: BenchArgs = { tMs: 3000, runs: 5, throughputTMs: 1250, skipN8n: false };
	for (let i = 0; i < argv.length; i++) {
		// Both `--runs 3` and `--runs=3`.
		const [flag, inline] = argv[i].split('=', 2);
		const value = () => inline ?? argv[++i];
		switch (flag) {
			case '--t-ms':
				args.tMs = positiveInteger(flag, value());
				break;
			case '--runs':
				args.runs = positiveInteger(flag, value());
				break;
			case '--throughput-t-ms':
				args.throughputTMs = positiveInteger(flag, value());
				break;
			case '--skip-n8n':
				args.skipN8n = true;
				break;
			case '--help':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`Unknown argument "${argv[i]}"\n${USAGE}`);
		}
	}
	return args;
}
