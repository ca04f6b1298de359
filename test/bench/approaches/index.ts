import { clientPollingApproach } from './clientPolling';
import { fivePollerApproach } from './fivePoller';
import { oursApproach } from './ours';
import type { Approach, ApproachContext } from './types';

export type { Approach, ApproachContext, ApproachKey } from './types';

/** Ours first: the table compares the others against it. */
export function allApproaches(ctx: ApproachContext): Approach[] {
	return [oursApproach(ctx), clientPollingApproach(ctx), fivePollerApproach(ctx)];
}
