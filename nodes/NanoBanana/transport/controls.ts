import type { IDataObject } from 'n8n-workflow';

import type { FalControls } from './types';

/** fal's own header names, as its client sends them. */
export const PRIORITY_HEADER = 'x-fal-queue-priority';
/** On a submit: how long fal keeps the files the job makes. */
export const LIFECYCLE_PREFERENCE_HEADER = 'x-fal-object-lifecycle-preference';
/** On a storage upload initiate: how long fal keeps the uploaded file (fal's client names it so). */
export const UPLOAD_LIFECYCLE_HEADER = 'x-fal-object-lifecycle';

/** A lifecycle header for files fal makes or receives; nothing when fal's default applies. */
export function lifecycleHeaders(
	lifetimeSeconds: number | undefined,
	header = LIFECYCLE_PREFERENCE_HEADER,
): IDataObject {
	if (lifetimeSeconds === undefined) return {};
	return { [header]: JSON.stringify({ expiration_duration_seconds: lifetimeSeconds }) };
}

/** Headers of a submit: the queue priority and how long fal keeps the images it makes. */
export function submitHeaders(controls: FalControls | undefined): IDataObject {
	return {
		...(controls?.queuePriority ? { [PRIORITY_HEADER]: controls.queuePriority } : {}),
		...lifecycleHeaders(controls?.fileLifetimeSeconds),
	};
}
