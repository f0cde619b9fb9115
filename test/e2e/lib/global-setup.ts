/** Jest globalSetup of the e2e suite: one n8n per line with the package installed (./shared.ts). */
import { startSharedN8n } from './shared';

export default startSharedN8n;
