import type { N8nOwner } from '../../test/tooling/n8nRest';

/** The dev instance's login, printed in the terminal: it guards a local instance only. */
export const DEV_OWNER: N8nOwner = {
	email: 'dev@nano-banana.local',
	firstName: 'Nano',
	lastName: 'Banana',
	password: 'NanoBanana-dev-1',
};
