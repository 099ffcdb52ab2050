/**
 * Phone numbers as people and telephony systems write them, so that `--share` can tag them: the same
 * number gets the same tag whichever way it was written (`+44 20 7946 0958`, `0044 20 7946 0958`), and the
 * numbers a log is made of (times, durations, close codes, ports, byte counts, epoch seconds) stay.
 */

/** E.164 with its plus (`+13175551234`, `tel:+44 20 7946 0958`). */
const E164 = /(?:tel:)?\+\d[\d ]{6,16}\d/g;
/** The international prefix written as 00 (`0044 20 7946 0958`): 00, a country code, then groups of digits. */
const DOUBLE_ZERO = /(?<![\w.:+-])00[1-9]\d{0,2}(?:[ .-]?\d{1,4}){2,6}(?![\w:]|\.\d)/g;
/**
 * North American numbers: `(317) 555-1234`, `317-555-1234`, `317.555.1234`, `317 555 1234` and bare
 * `3175551234`. Area code and exchange never start with 0 or 1, which keeps epoch seconds (1xxxxxxxxx
 * until 2033) and any longer or shorter run of digits out.
 */
const NORTH_AMERICAN = /(?<![\w.:+-])(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[-. ]?)[2-9]\d{2}[-. ]?\d{4}(?![\w:]|\.\d)/g;

/** Keys whose values are phone numbers, whether written as text or as a JSON number (`"ani": 3175551234`). */
export const PHONE_KEYS =
  /^(ani|dnis|phone|phone_?numbers?|mobile(_?phone)?|tele?phone|tel|fax|caller_?id|caller_?number|callback_?numbers?|msisdn|number|address|from_?address|to_?address)$/i;

/** The digits that name the number, whichever way it was written: `+44...` and `0044...` meet at `44...`. */
export function phoneDigits(written: string): string {
  const digits = written.replace(/\D/g, '');
  if (written.trimStart().startsWith('00') || /^tel:00/i.test(written)) return digits.replace(/^00/, '');
  // A bare North American number is the +1 one.
  return digits.length === 10 && !written.includes('+') ? `1${digits}` : digits;
}

/** Replaces every phone number in `text` with what `tag` makes of its digits. */
export function replacePhones(text: string, tag: (digits: string) => string): string {
  return text
    .replace(E164, (phone) => tag(phoneDigits(phone)))
    .replace(DOUBLE_ZERO, (phone) => {
      const digits = phone.replace(/\D/g, '');
      // 00 and a country code and at least 6 more digits; past 17 it is no phone number.
      return digits.length >= 9 && digits.length <= 17 ? tag(phoneDigits(phone)) : phone;
    })
    .replace(NORTH_AMERICAN, (phone) => tag(phoneDigits(phone)));
}
