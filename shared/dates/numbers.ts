// Number reading as SimpleDateFormat does it: DecimalFormat.getIntegerInstance(Locale.US) with
// grouping off, then Number.intValue().

const INT_MAX = 2_147_483_647;
const INT_MIN = -2_147_483_648;
const LONG_MAX = (1n << 63n) - 1n;

export interface ParsedNumber {
  readonly value: number;
  readonly end: number;
}

const UNICODE_DIGIT = /\p{Nd}/u;

/** Character.digit(ch, 10) for one UTF-16 unit: ASCII and other Unicode decimal digits, else -1. */
export function digitValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code < 128 || code !== code || !UNICODE_DIGIT.test(String.fromCharCode(code))) return -1;
  // Unicode decimal digits come in runs that start at zero.
  let zero = code;
  while (UNICODE_DIGIT.test(String.fromCharCode(zero - 1))) zero--;
  return (code - zero) % 10;
}

export function isUnicodeDigit(text: string, index: number): boolean {
  return digitValue(text.charCodeAt(index)) >= 0;
}

function readDigits(text: string, pos: number, limit: number): string {
  let digits = '';
  for (; pos < limit; pos++) {
    const d = digitValue(text.charCodeAt(pos));
    if (d < 0) break;
    digits += d;
  }
  return digits;
}

/**
 * DecimalFormat.parse(text.substring(0, limit), pos).intValue(): an optional '-', digits, an
 * optional exponent "E" or "E-" with digits (yes, "1E1" is 10), also "NaN" (0) and "∞".
 */
export function parseJavaInteger(text: string, pos: number, limit: number): ParsedNumber | undefined {
  if (pos + 3 <= limit && text.startsWith('NaN', pos)) return { value: 0, end: pos + 3 };
  const negative = pos < limit && text[pos] === '-';
  if (negative) pos++;
  if (pos < limit && text[pos] === '\u221e') return { value: negative ? INT_MIN : INT_MAX, end: pos + 1 };
  const digits = readDigits(text, pos, limit);
  if (digits === '') return undefined;
  pos += digits.length;
  let exponent = 0;
  if (pos < limit && text[pos] === 'E') {
    const expNegative = pos + 1 < limit && text[pos + 1] === '-';
    const expStart = pos + 1 + (expNegative ? 1 : 0);
    const expDigits = readDigits(text, expStart, limit);
    if (expDigits !== '') {
      const e = Number(expDigits.length > 10 ? '9999999999' : expDigits);
      exponent = expNegative ? -e : e;
      pos = expStart + expDigits.length;
    }
  }
  return { value: toInt(digits, exponent, negative), end: pos };
}

/** The digits times 10^exponent as Java's Long.intValue (wraps) or Double.intValue (truncates, saturates). */
function toInt(digits: string, exponent: number, negative: boolean): number {
  if (exponent === 0 && digits.length <= 9) {
    const n = Number(digits);
    return negative && n !== 0 ? -n : n;
  }
  const significant = digits.replace(/^0+/, '');
  if (significant === '') return 0;
  const intDigits = significant.length + exponent;
  if (intDigits > 20) return negative ? INT_MIN : INT_MAX;
  const integer = intDigits <= 0 ? 0n : BigInt(exponent >= 0 ? significant + '0'.repeat(exponent) : significant.slice(0, intDigits));
  const hasFraction = exponent < 0 && /[1-9]/.test(significant.slice(Math.max(0, intDigits)));
  if (!hasFraction && integer <= LONG_MAX + (negative ? 1n : 0n)) {
    return Number(BigInt.asIntN(32, negative ? -integer : integer));
  }
  const signed = negative ? -integer : integer;
  return signed > BigInt(INT_MAX) ? INT_MAX : signed < BigInt(INT_MIN) ? INT_MIN : Number(signed);
}

/**
 * More than three S letters (our deliberate difference from Java): the digits are a decimal
 * fraction of the second, truncated to milliseconds (".123456" is 123 ms, ".5" is 500 ms).
 */
export function parseFraction(text: string, pos: number, limit: number): ParsedNumber | undefined {
  const digits = readDigits(text, pos, limit);
  if (digits === '') return undefined;
  return { value: Number(digits.slice(0, 3).padEnd(3, '0')), end: pos + digits.length };
}
