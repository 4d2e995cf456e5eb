import type { ConsentChannel } from './channels';

/** A customer as every layer sees it. Times are ISO 8601 strings in UTC; the UI shows them in a zone it names. */
export type AttributeValue = string | number | boolean | null;

export interface Customer {
  externalId: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  language: string | null;
  timeZone: string | null;
  city: string | null;
  signupAt: string | null;
  consent: Record<ConsentChannel, boolean | null>;
  score: number;
  attributes: Record<string, AttributeValue>;
  createdAt: string;
  updatedAt: string;
}

/** The columns of the customers table the Audience list can sort on. */
export const CUSTOMER_SORT_FIELDS = ['externalId', 'firstName', 'lastName', 'email', 'city', 'signupAt', 'score', 'createdAt'] as const;
export type CustomerSortField = (typeof CUSTOMER_SORT_FIELDS)[number];

export type CustomerListRow = Pick<Customer, 'externalId' | 'firstName' | 'lastName' | 'email' | 'phone' | 'city' | 'signupAt' | 'score' | 'createdAt'>;
