import { z } from 'zod';

/**
 * The one rule for names that reach SQL as JSON paths: custom attributes and event properties.
 * Letters, digits, spaces, `_`, `.` and `-` only, so no name can hold a quote, a bracket or a
 * `$`, whatever the path goes through. Segments, flow steps, flow files and the RPC all check it.
 */
export const ATTRIBUTE_NAME = /^[\p{L}\p{N}_ .-]{1,64}$/u;
const NAME_CHARACTERS = /^[\p{L}\p{N}_ .-]*$/u;
const NAME_CHARACTERS_MESSAGE = 'may hold only letters, digits, spaces and _ . -';

export const isAttributeName = (name: string) => ATTRIBUTE_NAME.test(name);

/** `attributes.<name>`: a custom attribute as a segment condition or a date trigger names it. */
export const attributeFieldSchema = z.string().regex(/^attributes\.[\p{L}\p{N}_ .-]{1,64}$/u, 'must be a customer field or attributes.<name> (letters, digits, spaces and _ . -)');

export const eventPropertyNameSchema = z.string().regex(ATTRIBUTE_NAME, `must be an event property name (1 to 64 characters; ${NAME_CHARACTERS_MESSAGE})`);

/**
 * A name being typed on the canvas: possibly empty or unfinished (the step shows a problem until it
 * is whole), but never holding a character outside the rule.
 */
export const namePartSchema = (max: number) => z.string().max(max).regex(NAME_CHARACTERS, NAME_CHARACTERS_MESSAGE);
