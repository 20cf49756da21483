import { describe, expect, it } from 'vitest';
import { resolveMoney } from './money-value';

describe('resolveMoney', () => {
  it('uses the ISO code when the recognizer gives one', () => {
    expect(resolveMoney({ value: '15', unit: 'Euro', isoCurrency: 'EUR' }, '€15', 'en')).toEqual({ amount: 15, code: 'EUR' });
  });

  it('reads ambiguous units as a customer-service chat in that language means them', () => {
    expect(resolveMoney({ value: '20', unit: 'Dollar' }, '$20', 'en')).toEqual({ amount: 20, code: 'USD' });
    expect(resolveMoney({ value: '5', unit: 'Cent' }, '5 cents', 'en')).toEqual({ amount: 0.05, code: 'USD' });
    expect(resolveMoney({ value: '5', unit: 'Jiao' }, '5毛', 'zh')).toEqual({ amount: 0.5, code: 'CNY' });
    expect(resolveMoney({ value: '350', unit: 'Japanese yen', isoCurrency: 'JPY' }, '¥350', 'zh')).toEqual({ amount: 350, code: 'CNY' });
    expect(resolveMoney({ value: '350', unit: 'Japanese yen', isoCurrency: 'JPY' }, '¥350', 'en')).toEqual({ amount: 350, code: 'JPY' });
  });

  it('takes the written amount after a currency code, and drops what it cannot name or carry', () => {
    expect(resolveMoney({ value: '0.3', unit: 'United States dollar', isoCurrency: 'USD' }, 'USD 30', 'en')).toEqual({ amount: 30, code: 'USD' });
    expect(resolveMoney({ value: null, unit: 'Chinese yuan', isoCurrency: 'CNY' }, '人民币', 'zh')).toBeNull();
    expect(resolveMoney({ value: '5', unit: 'Kiwi' }, '5 kiwi', 'en')).toBeNull();
    expect(resolveMoney({ value: '1e30', unit: 'Dollar' }, '$1e30', 'en')).toBeNull();
  });
});
