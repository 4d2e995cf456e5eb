import type { OutgoingMessage } from './provider';

/**
 * What every email provider sends the same way: the subject, a plain-text part (always, since some
 * clients and spam filters want one) and the HTML part when the content has one, and for marketing
 * mail the one-click unsubscribe headers (RFC 8058) mailbox providers now require of bulk senders.
 */
export interface EmailParts {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
}

export function emailParts(message: OutgoingMessage): EmailParts | { error: string } {
  if (!message.to.email) return { error: 'The customer has no email address.' };
  const { content } = message;
  const text = plainTextOf(content);
  return {
    to: message.to.email,
    subject: content.subject || content.title,
    text,
    html: content.html.trim() === '' ? null : content.html,
    headers: message.marketing && message.unsubscribeUrl ? { 'List-Unsubscribe': `<${message.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {},
  };
}

/** The plain-text part: the text body written, else the HTML's text. */
export function plainTextOf(content: { body: string; html: string }): string {
  return content.body || stripTags(content.html);
}

function stripTags(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
