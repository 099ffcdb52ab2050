/**
 * The one XML escape of the SVG and JUnit renderers. XML 1.0 forbids most control characters even when
 * escaped, and a close reason from the wire may hold any, so they become U+FFFD.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the control characters XML 1.0 forbids is the point
const FORBIDDEN_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** Text content of an element. */
export function escapeXmlText(value: string): string {
  return value.replace(FORBIDDEN_IN_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A double-quoted attribute value; a newline is kept as a character reference, not folded to a space. */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
