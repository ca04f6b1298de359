// The exact configuration n8n's community-package scanner lints with, so
// `npm run lint` fails where the scanner would.
import { buildScanConfig } from '@n8n/scan-community-package/scanner/scanner.mjs';

export default [{ ignores: ['dist/**', 'node_modules/**'] }, ...(await buildScanConfig())];
