import { useTranslation } from 'react-i18next';

/** Fields with a name on screen (catalogue key `field.<name>`); others show as written (custom attributes). */
const LABELLED_FIELDS = new Set([
  'externalId',
  'email',
  'phone',
  'firstName',
  'lastName',
  'language',
  'timeZone',
  'city',
  'signupAt',
  'createdAt',
  'pushToken',
  'consent.email',
  'consent.sms',
  'consent.push',
  'consent.whatsapp',
  'attribute',
  'ignore',
  'event',
  'customerId',
  'time',
  'eventId',
  'properties',
  'property',
]);

/** What each customer and event field is called on screen, in the wizard and the segment builder alike. */
export function useFieldLabel(): (field: string) => string {
  const { t } = useTranslation();
  return (field) => (LABELLED_FIELDS.has(field) ? t(`field.${field}`) : field);
}

/** How adding ids to a static list went, in one sentence. */
export function useDescribeAddedMembers(): (result: { added: number; alreadyMembers: number; unknown: string[]; unknownCount: number }) => string {
  const { t } = useTranslation();
  return (result) =>
    t('segments.addedMembers', {
      added: result.added,
      already: result.alreadyMembers,
      unknown: result.unknownCount,
      examples: result.unknown.length ? ` (${result.unknown.slice(0, 5).join(', ')})` : '',
    });
}
