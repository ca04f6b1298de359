import type { ProvisionedExample } from './provision';
import { seconds } from './say';

export interface BannerInput {
	baseUrl: string;
	version: string;
	login: { email: string; password: string };
	falLabel: string;
	/** The ready-made credential's name. */
	credentialName: string;
	/** What a new credential needs against the emulator (unset with real fal). */
	newCredential?: string;
	examples: ProvisionedExample[];
	logFile: string;
	started: number;
}

/** The one block a user needs: where n8n is, how to log in, where to start. */
export function banner(input: BannerInput): string {
	const { baseUrl, examples } = input;
	const line = '='.repeat(78);
	const [first] = examples;
	const created = examples.filter((example) => example.action === 'created').length;
	const kept = examples.length - created;
	return [
		'',
		line,
		`  n8n ${input.version} is running at ${baseUrl}   (started in ${seconds(input.started)})`,
		`  Log in:  ${input.login.email} / ${input.login.password}`,
		...(first
			? [
					`  Start here (opens after the login): "${first.workflow.name}"`,
					`    ${baseUrl}/workflow/${first.id}`,
				]
			: []),
		`  fal requests go to ${input.falLabel}`,
		`  Credential: in a Nano Banana node pick the ready-made "${input.credentialName}" (the examples use it)`,
		...(input.newCredential
			? [`    a new Fal API credential here needs: ${input.newCredential}`]
			: []),
		`  Example workflows (${created} added, ${kept} kept as they are in n8n; delete one in n8n`,
		'  and restart to get the shipped version back):',
		...examples.map(
			(example) => `    - ${example.workflow.name}: ${baseUrl}/workflow/${example.id}`,
		),
		`  Full n8n log: ${input.logFile}`,
		'  Editing nodes/ or credentials/ recompiles and n8n reloads the node.  Ctrl-C stops.',
		line,
		'',
	].join('\n');
}
