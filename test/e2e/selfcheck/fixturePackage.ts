import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURE_PACKAGE = 'n8n-nodes-e2e-selfcheck';
export const FIXTURE_NODE_TYPE = `${FIXTURE_PACKAGE}.selfCheck`;
export const FIXTURE_CREDENTIAL_TYPE = 'selfCheckApi';

// Plain JS so the fixture needs no build step. It proves what the harness must get right: the
// credential is decrypted, a runtime dependency resolves from the package's own node_modules,
// `n8n-workflow` resolves to n8n's copy (instanceof holds), and a binary reaches n8n's store.
const NODE_SOURCE = `
const { NodeOperationError, NodeConnectionTypes } = require('n8n-workflow');
const main = NodeConnectionTypes ? NodeConnectionTypes.Main : 'main';

class SelfCheck {
	constructor() {
		this.description = {
			displayName: 'Self Check',
			name: 'selfCheck',
			group: ['transform'],
			version: 1,
			description: 'Harness self-check',
			defaults: { name: 'Self Check' },
			inputs: [main],
			outputs: [main],
			credentials: [{ name: '${FIXTURE_CREDENTIAL_TYPE}', required: true }],
			properties: [
				{ displayName: 'Text', name: 'text', type: 'string', default: 'hello' },
				{ displayName: 'Fail', name: 'fail', type: 'boolean', default: false },
			],
		};
	}

	async execute() {
		const credentials = await this.getCredentials('${FIXTURE_CREDENTIAL_TYPE}');
		const text = this.getNodeParameter('text', 0);
		if (this.getNodeParameter('fail', 0)) {
			throw new NodeOperationError(this.getNode(), 'Self check failed on purpose');
		}
		const dependency = typeof require('@fal-ai/client').createFalClient;
		const buffer = Buffer.from(text + ' from ' + credentials.apiKey, 'utf8');
		const binary = await this.helpers.prepareBinaryData(buffer, 'hello.txt', 'text/plain');
		const error = new NodeOperationError(this.getNode(), 'probe');
		return [[{
			json: {
				apiKey: credentials.apiKey,
				proxyUrl: credentials.proxyUrl,
				dependency,
				workflowInstanceof: error instanceof Error,
				length: buffer.length,
			},
			binary: { data: binary },
		}]];
	}
}
module.exports = { SelfCheck };
`;

const CREDENTIAL_SOURCE = `
class SelfCheckApi {
	constructor() {
		this.name = '${FIXTURE_CREDENTIAL_TYPE}';
		this.displayName = 'Self Check API';
		this.properties = [
			{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
			{ displayName: 'Proxy URL', name: 'proxyUrl', type: 'string', default: '' },
		];
	}
}
module.exports = { SelfCheckApi };
`;

/** Builds and packs a throw-away community package; returns the tarball path. */
export function packFixturePackage(): string {
	const root = mkdtempSync(join(tmpdir(), 'n8n-e2e-fixture-'));
	const dist = join(root, 'dist');
	mkdirSync(dist);
	writeFileSync(join(dist, 'SelfCheck.node.js'), NODE_SOURCE);
	writeFileSync(join(dist, 'SelfCheckApi.credentials.js'), CREDENTIAL_SOURCE);
	writeFileSync(
		join(root, 'package.json'),
		JSON.stringify(
			{
				name: FIXTURE_PACKAGE,
				version: '0.0.1',
				keywords: ['n8n-community-node-package'],
				files: ['dist'],
				n8n: {
					n8nNodesApiVersion: 1,
					nodes: ['dist/SelfCheck.node.js'],
					credentials: ['dist/SelfCheckApi.credentials.js'],
				},
				dependencies: { '@fal-ai/client': '1.10.1' },
				// Both must stay out of the install, as n8n's own installer leaves them out.
				peerDependencies: { 'n8n-workflow': '*' },
				devDependencies: { typescript: '5.9.3' },
			},
			null,
			2,
		),
	);
	const out = join(root, 'pack');
	mkdirSync(out);
	const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], {
		cwd: root,
		encoding: 'utf8',
	}).trim();
	return join(out, name.split('\n').pop() as string);
}
