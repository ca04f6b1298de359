/**
 * n8n's lint rules for community packages, as in n8n's gulp-based node starter:
 * package.json, credentials and nodes each get their own rule set.
 * @type {import('@types/eslint').ESLint.ConfigData}
 */
module.exports = {
	root: true,
	env: { browser: true, es6: true, node: true },
	parser: '@typescript-eslint/parser',
	parserOptions: {
		project: ['./tsconfig.json'],
		sourceType: 'module',
		extraFileExtensions: ['.json'],
	},
	ignorePatterns: ['.eslintrc.js', '**/*.js', '**/node_modules/**', '**/dist/**'],
	overrides: [
		{
			files: ['package.json'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/community'],
		},
		{
			files: ['./credentials/**/*.ts'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/credentials'],
			rules: {
				// That rule wants a slug of n8n's own docs; a community credential links a full URL.
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				// fal writes its name in lower case: the credential is "fal API".
				'n8n-nodes-base/cred-class-field-display-name-miscased': 'off',
			},
		},
		{
			files: ['./nodes/**/*.ts'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/nodes'],
			rules: {
				// execute() hands every item to actions/router.ts, which honours Continue On Fail.
				'n8n-nodes-base/node-execute-block-missing-continue-on-fail': 'off',
			},
		},
		{
			// Like n8n's vendor nodes, the description lives in actions/versionDescription.ts.
			files: ['./nodes/**/actions/**/*.ts'],
			rules: { 'n8n-nodes-base/node-filename-against-convention': 'off' },
		},
	],
};
