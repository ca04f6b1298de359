/** One n8n release line under test, with the Node release it runs on and npm install tweaks. */
export interface N8nLine {
	/** '2' or '1': how users and N8N_E2E_LINES name the line. */
	name: string;
	n8nVersion: string;
	/** Exact, so the README's Node column stays what every run used. */
	nodeVersion: string;
	/** npm `overrides` for the install folder's package.json. */
	overrides: Record<string, string>;
}

// Fixed pins keep runs reproducible; n8n@2.41.3 is not installable from the registry here.
const DEFAULTS: Record<string, N8nLine> = {
	'2': { name: '2', n8nVersion: '2.41.1', nodeVersion: '24.21.0', overrides: {} },
	// 1.x pulls xlsx from a CDN tarball; the registry copy of the same release works offline.
	'1': { name: '1', n8nVersion: '1.123.81', nodeVersion: '22.23.3', overrides: { xlsx: '0.18.5' } },
};

/** `N8N_E2E_VERSIONS=2=2.40.7,1=1.123.81` overrides the pinned n8n version per line. */
function versionOverrides(): Record<string, string> {
	const raw = process.env.N8N_E2E_VERSIONS ?? '';
	const result: Record<string, string> = {};
	for (const pair of raw
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean)) {
		const [line, version] = pair.split('=').map((s) => s.trim());
		if (!DEFAULTS[line] || !version) {
			throw new Error(
				`N8N_E2E_VERSIONS: cannot read "${pair}" (expected e.g. 2=2.40.7,1=1.123.81)`,
			);
		}
		result[line] = version;
	}
	return result;
}

/** Lines selected by `N8N_E2E_LINES=2,1` (default: both, newest first). */
export function selectedLines(): N8nLine[] {
	const names = (process.env.N8N_E2E_LINES ?? '2,1')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	const versions = versionOverrides();
	return names.map((name) => {
		const line = DEFAULTS[name];
		if (!line) throw new Error(`N8N_E2E_LINES: unknown line "${name}" (known: 2, 1)`);
		return { ...line, n8nVersion: versions[name] ?? line.n8nVersion };
	});
}
