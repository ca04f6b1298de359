import { agentCases } from './agent';
import { exampleCases } from './examples';
import { failureCases } from './failures';
import { familyCases } from './family';
import { generateCases } from './generate';
import { modelCases } from './models';
import { pipelineCases } from './pipeline';
import type { Case } from './types';

export type { Case, CaseContext } from './types';

/** All cases, in the order they run on each line. */
export function allCases(): Case[] {
	return [
		...generateCases,
		...modelCases,
		...familyCases,
		...pipelineCases,
		...failureCases,
		...exampleCases(),
		...agentCases,
	];
}
