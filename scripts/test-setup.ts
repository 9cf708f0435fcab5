/**
 * The test runner's global setup (`npm test`): builds the migrated database templates
 * once, before the files start in parallel. A file run alone builds them itself.
 */
import { prepareTestDbTemplates } from '../platform/db/testing.ts';

export async function globalSetup(): Promise<void> {
  await prepareTestDbTemplates();
}
