/** Jest globalTeardown of the e2e suite: stops the shared instances (./shared.ts). */
import { stopSharedN8n } from './shared';

export default stopSharedN8n;
