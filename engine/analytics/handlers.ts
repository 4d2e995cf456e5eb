import type { analyticsMethods } from '../../shared/rpc/analytics-methods';
import type { HandlersOf } from '../handler-types';
import type { CustomerReports } from './customer-reports';
import type { AnalyticsReports } from './reports';

/**
 * shared/rpc/analytics-methods.ts. Each report first lets the rollups count what is new, up to the
 * engine's wait (`counted`), then reads them through the reader connection.
 */
export function analyticsHandlers(reports: AnalyticsReports, customerReports: CustomerReports, counted: () => Promise<void>, rowsBehind: () => number): HandlersOf<typeof analyticsMethods> {
  return {
    'analytics/funnel': async (input) => {
      await counted();
      return reports.funnel(input);
    },
    'analytics/flows': async (input) => {
      await counted();
      return reports.flows(input);
    },
    'analytics/channels': async (input) => {
      await counted();
      return reports.channels(input);
    },
    'analytics/customers': async (input) => {
      await counted();
      return customerReports.customers(input);
    },
    'analytics/commerce': async (input) => {
      await counted();
      return customerReports.commerce(input);
    },
    'analytics/experiments': async (input) => {
      await counted();
      return reports.experiments(input);
    },
    'analytics/status': () => ({ rowsBehind: rowsBehind() }),
  };
}
