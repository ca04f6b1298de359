import { MAX_LEDGER_JOBS, type LedgerState } from './executionLedger';

/**
 * Jobs submitted without waiting (Wait for Result off), kept in the execution's ledger beside the
 * finished ones: a rerun of the node in the same execution (Retry On Fail, a loop) returns the
 * request id already paid for instead of submitting again.
 */
export interface SubmittedRequest {
	key: string;
	requestId: string;
	endpoint: string;
	statusUrl: string;
	responseUrl: string;
}

type WithSubmitted = LedgerState & { submitted?: SubmittedRequest[] };

/** The earlier request an item takes, one per key occurrence, as findReusable does for finished jobs. */
export function findSubmitted(
	state: LedgerState,
	keys: Array<string | undefined>,
): Array<SubmittedRequest | undefined> {
	const submitted = (state as WithSubmitted).submitted ?? [];
	const taken = new Set<SubmittedRequest>();
	return keys.map((key) => {
		const found = submitted.find((entry) => entry.key === key && !taken.has(entry));
		if (found) taken.add(found);
		return found;
	});
}

export function recordSubmitted(state: LedgerState, entry: SubmittedRequest): void {
	const withSubmitted = state as WithSubmitted;
	const submitted = (withSubmitted.submitted ??= []);
	if (submitted.some((known) => known.requestId === entry.requestId)) return;
	submitted.push(entry);
	if (submitted.length > MAX_LEDGER_JOBS) submitted.splice(0, submitted.length - MAX_LEDGER_JOBS);
}
