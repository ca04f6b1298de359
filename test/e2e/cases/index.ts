import { agentCases } from './agent';
import { costSafetyCases } from './costSafety';
import { exampleCases } from './examples';
import { failureCases } from './failures';
import { familyCases } from './family';
import { generateCases } from './generate';
import { modelCases } from './models';
import { noProxyCases } from './noProxy';
import { pipelineCases } from './pipeline';
import { submitOnlyCases } from './submitOnly';
import { submitOnlyRetryCases } from './submitOnlyRetries';
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
		...costSafetyCases,
		...submitOnlyCases,
		...submitOnlyRetryCases,
		...exampleCases(),
		...noProxyCases,
		...agentCases,
	];
}
