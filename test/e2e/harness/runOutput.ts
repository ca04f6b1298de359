/** The parts of n8n's IRun the tests read. */
export interface RunItem {
	json: Record<string, unknown>;
	binary?: Record<string, BinaryRef>;
	pairedItem?: unknown;
}

/** An item's binary as n8n reports it: `id` when stored outside memory, else base64 `data`. */
export interface BinaryRef {
	data: string;
	id?: string;
	mimeType?: string;
	fileName?: string;
	fileExtension?: string;
	fileSize?: string;
	[key: string]: unknown;
}

export interface NodeRun {
	data?: { main?: Array<RunItem[] | null> };
	error?: Record<string, unknown>;
	executionStatus?: string;
}

export interface Run {
	status?: string;
	finished?: boolean;
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			lastNodeExecuted?: string;
			error?: Record<string, unknown>;
		};
	};
	[key: string]: unknown;
}

/**
 * `n8n execute` prints the run with JSON.stringify(run, null, 2) between log lines. Its
 * top-level braces are the only lines that are exactly `{` and `}`: log lines never are, and
 * nested ones are indented.
 */
export function extractRun(output: string): Run | undefined {
	const lines = output.split('\n').map((line) => line.replace(/\r$/, ''));
	for (let start = lines.indexOf('{'); start !== -1; start = lines.indexOf('{', start + 1)) {
		const end = lines.indexOf('}', start + 1);
		if (end === -1) return undefined;
		try {
			const parsed = JSON.parse(lines.slice(start, end + 1).join('\n')) as Run;
			if (parsed?.data?.resultData) return parsed;
		} catch {
			// a stray `{` line from a log message: keep looking
		}
	}
	return undefined;
}

/** Items of the first output of a node's last run. */
export function nodeItems(run: Run, nodeName: string, output = 0): RunItem[] {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs?.length)
		throw new Error(
			`node "${nodeName}" did not run; ran: ${Object.keys(run.data.resultData.runData).join(', ')}`,
		);
	return runs[runs.length - 1].data?.main?.[output] ?? [];
}
