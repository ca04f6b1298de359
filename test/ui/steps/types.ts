import type { UiContext } from '../session';

/** One editor check: a name for the report and the check itself, failing by throwing. */
export interface UiStep {
	name: string;
	run(ctx: UiContext): Promise<void>;
}
