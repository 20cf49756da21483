import type { RecognizerLanguage } from './recognizers';

// The currency recognizer names the currency ("Dollar", "Chinese yuan") and gives its ISO 4217 code when
// the name is unambiguous. Where it is not, the reading a customer-service chat in that language means is
// taken: "$" and "dollars" are USD, "£" and "pounds" GBP; in Chinese "¥"/"￥" is CNY (the recognizer says
// JPY). Fractional units become the main unit ("5 cents" is 0.05 USD, "5毛" 0.5 CNY). An amount with no
// currency code is dropped: `unit` is always an ISO code.

const UNIT_CODES: Record<string, { code: string; factor: number }> = {
  Dollar: { code: 'USD', factor: 1 },
  Cent: { code: 'USD', factor: 0.01 },
  Pound: { code: 'GBP', factor: 1 },
  Penny: { code: 'GBP', factor: 0.01 },
  Pence: { code: 'GBP', factor: 0.01 },
  Jiao: { code: 'CNY', factor: 0.1 },
  Fen: { code: 'CNY', factor: 0.01 },
};

const YEN_SIGN = /^[¥￥]/;
// "USD 30" comes back as 0.3: the recognizer reads a code before the amount as a fraction. The amount
// written is what is meant.
const CODE_THEN_AMOUNT = /^[a-z]{3}\s*(\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)$/i;

export interface Money {
  amount: number;
  code: string;
}

export function resolveMoney(resolution: Record<string, unknown> | null | undefined, text: string, language: RecognizerLanguage): Money | null {
  if (!resolution) return null;
  let amount = Number(resolution.value);
  if (resolution.value === null || resolution.value === undefined || !Number.isFinite(amount)) return null;
  const unit = typeof resolution.unit === 'string' ? resolution.unit : '';
  let code = typeof resolution.isoCurrency === 'string' && resolution.isoCurrency ? resolution.isoCurrency : null;
  if (language === 'zh' && YEN_SIGN.test(text)) code = 'CNY';
  if (code === null) {
    const mapped = UNIT_CODES[unit];
    if (mapped === undefined) return null;
    code = mapped.code;
    amount = Number((amount * mapped.factor).toFixed(6));
  }
  const written = CODE_THEN_AMOUNT.exec(text.trim());
  if (written) amount = Number((written[1] as string).replace(/,/g, ''));
  if (Math.abs(amount) > Number.MAX_SAFE_INTEGER) return null;
  return { amount, code };
}
