// One implementation for every suite and `npm run dev`.
export { freePort } from '../../tooling/processes';
