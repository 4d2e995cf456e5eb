import { z } from 'zod';

/**
 * A message in several languages: a send step's or a campaign's default content, and optional
 * variants for French, Arabic and English, each replacing only the fields it gives. Each customer
 * gets the variant of their language, else the default.
 */
export const CONTENT_LANGUAGES = ['fr', 'ar', 'en'] as const;
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<ContentLanguage, string> = { fr: 'Français', ar: 'العربية', en: 'English' };

const text = (max: number) => z.string().max(max);

export const variantContentSchema = z.strictObject({
  title: text(200).optional(),
  body: text(20_000).optional(),
  subject: text(300).optional(),
  html: text(200_000).optional(),
  mjml: text(200_000).optional(),
  templateName: text(200).optional(),
  templateParams: z.array(text(500)).max(20).optional(),
  link: text(2000).optional(),
});
export type VariantContent = z.infer<typeof variantContentSchema>;

export const variantsSchema = z.partialRecord(z.enum(CONTENT_LANGUAGES), variantContentSchema);
export type ContentVariants = z.infer<typeof variantsSchema>;

interface ContentFields {
  title: string;
  body: string;
  subject: string;
  html: string;
  templateName: string;
  templateParams: string[];
  link: string;
}

/** The language a customer's `language` names (fr, fr-DZ, ar_DZ, AR...), when it is one we write in. */
export function contentLanguageOf(language: string | null | undefined): ContentLanguage | null {
  const base = (language ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (CONTENT_LANGUAGES as readonly string[]).includes(base) ? (base as ContentLanguage) : null;
}

/** The content this customer gets: their language's variant over the default, and which variant it was (null: the default). */
export function contentForLanguage<T extends ContentFields>(
  content: T & { variants?: ContentVariants | undefined },
  language: string | null | undefined,
): { content: T; variant: ContentLanguage | null } {
  const wanted = contentLanguageOf(language);
  const variant = wanted ? content.variants?.[wanted] : undefined;
  if (!wanted || !variant) return { content, variant: null };
  const defined = Object.fromEntries(Object.entries(variant).filter(([, value]) => value !== undefined));
  return { content: { ...content, ...defined }, variant: wanted };
}

/** Every template text of a content and its variants, named by field, for the checks at save and publish. */
export function templateFieldsOf(content: ContentFields & { variants?: ContentVariants | undefined }, prefix = ''): [field: string, text: string][] {
  const fieldsOf = (c: Partial<ContentFields>, at: string): [string, string][] => [
    ...(['title', 'subject', 'body', 'html', 'link'] as const).filter((key) => c[key] !== undefined).map((key): [string, string] => [`${at}${key}`, c[key] as string]),
    ...(c.templateParams ?? []).map((param, i): [string, string] => [`${at}templateParams.${i}`, param]),
  ];
  return [...fieldsOf(content, prefix), ...Object.entries(content.variants ?? {}).flatMap(([language, variant]) => fieldsOf(variant as Partial<ContentFields>, `${prefix}variants.${language}.`))];
}
