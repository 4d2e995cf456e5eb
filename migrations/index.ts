import { initialSchema } from './0001_initial_schema';
import { customerListIndexes } from './0002_customer_list_indexes';
import { audienceAtScale } from './0003_audience_at_scale';
import { eventAmount } from './0004_event_amount';
import { flowLifecycle } from './0005_flow_lifecycle';
import { journeysAndOutbox } from './0006_journeys_and_outbox';
import { outboxIndexes } from './0007_outbox_indexes';
import { providerMessageIds } from './0008_provider_message_ids';
import { analytics } from './0009_analytics';
import { analyticsCounts } from './0010_analytics_counts';
import { marketingAttemptsIndex } from './0011_marketing_attempts_index';
import { statusCounts } from './0012_status_counts';
import { messagesEndedBadlyIndex } from './0013_messages_ended_badly_index';
import { trackingKeys } from './0014_tracking_keys';
import { firstAttempt } from './0015_first_attempt';
import { simulatedPopulation } from './0016_simulated_population';
import { voucherCodes } from './0017_voucher_codes';
import { productCatalogue } from './0018_product_catalogue';
import { messageTemplates } from './0019_message_templates';
import { importWarnings } from './0020_import_warnings';
import type { Migration } from './types';

/**
 * Every migration, in order, imported statically so a bundled or packaged app carries them all
 * (no directory scan or dynamic import at run time). Append only; never edit a released one.
 */
export const migrations: readonly Migration[] = [
  initialSchema,
  customerListIndexes,
  audienceAtScale,
  eventAmount,
  flowLifecycle,
  journeysAndOutbox,
  outboxIndexes,
  providerMessageIds,
  analytics,
  analyticsCounts,
  marketingAttemptsIndex,
  statusCounts,
  messagesEndedBadlyIndex,
  trackingKeys,
  firstAttempt,
  simulatedPopulation,
  voucherCodes,
  productCatalogue,
  messageTemplates,
  importWarnings,
];
export type { Migration } from './types';
