/** What each customer and event field is called on screen, in the wizard and the segment builder alike. */
export const FIELD_LABELS: Record<string, string> = {
  externalId: 'External id',
  email: 'Email',
  phone: 'Phone',
  firstName: 'First name',
  lastName: 'Last name',
  language: 'Language',
  timeZone: 'Time zone',
  city: 'City',
  signupAt: 'Signup date',
  createdAt: 'Added on',
  pushToken: 'Push token',
  'consent.email': 'Email consent',
  'consent.sms': 'SMS consent',
  'consent.push': 'Push consent',
  'consent.whatsapp': 'WhatsApp consent',
  attribute: 'Custom attribute',
  ignore: 'Ignore this column',
  event: 'Event name',
  customerId: 'Customer external id',
  time: 'Time',
  eventId: 'Event id',
  properties: 'Properties (JSON)',
  property: 'Event property',
};

/** How adding ids to a static list went, in one sentence. */
export function describeAddedMembers(result: { added: number; alreadyMembers: number; unknown: string[]; unknownCount: number }): string {
  const examples = result.unknown.length ? ` (${result.unknown.slice(0, 5).join(', ')})` : '';
  return `added ${result.added}; ${result.alreadyMembers} already in the list; ${result.unknownCount} unknown${examples}.`;
}
