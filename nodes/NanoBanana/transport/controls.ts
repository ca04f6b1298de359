import type { IDataObject } from 'n8n-workflow';

import type { FalControls } from './types';

/** fal's own header names, as its client sends them. */
export const PRIORITY_HEADER = 'x-fal-queue-priority';
export const LIFECYCLE_HEADER = 'x-fal-object-lifecycle-preference';

/** The lifecycle preference for files fal makes or receives; nothing when fal's default applies. */
export function lifecycleHeaders(lifetimeSeconds: number | undefined): IDataObject {
	if (lifetimeSeconds === undefined) return {};
	return { [LIFECYCLE_HEADER]: JSON.stringify({ expiration_duration_seconds: lifetimeSeconds }) };
}

/** Headers of a submit: the queue priority and how long fal keeps the images it makes. */
export function submitHeaders(controls: FalControls | undefined): IDataObject {
	return {
		...(controls?.queuePriority ? { [PRIORITY_HEADER]: controls.queuePriority } : {}),
		...lifecycleHeaders(controls?.fileLifetimeSeconds),
	};
}
