import type { Order } from './orders';

/** How the shop says things, in the conversation's language. */

export type Language = 'en' | 'zh';

const LOCALE: Record<Language, string> = { en: 'en-GB', zh: 'zh-CN' };

export function formatDate(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALE[language], { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(iso));
}

export function formatMoney(total: Order['total'], language: Language): string {
  return new Intl.NumberFormat(LOCALE[language], { style: 'currency', currency: total.currency }).format(total.amount);
}

/** "an***@example.com": enough for the user to recognise the address, not enough to read it off a shared screen. */
export function maskEmail(email: string): string {
  const [name = '', domain = ''] = email.split('@');
  return `${name.slice(0, 2)}***@${domain}`;
}

export function itemList(order: Order, language: Language): string {
  return order.items.map((item) => (item.quantity > 1 ? `${item.quantity} × ${item.name[language]}` : item.name[language])).join(language === 'zh' ? '、' : ', ');
}

export const LABELS = {
  track: { en: 'Track parcel', zh: '查看物流' },
  human: { en: 'Talk to a person', zh: '转人工' },
  cancel: { en: 'Cancel this order', zh: '取消这个订单' },
  return: { en: 'Start a return', zh: '申请退货' },
  changeAddress: { en: 'Change the address', zh: '修改地址' },
} as const;

/** What each button sends as the user's message when clicked (the bot's intents understand these). */
export const BUTTON_TEXTS = {
  human: { en: 'talk to a human', zh: '转人工' },
  cancel: { en: 'cancel my order', zh: '取消订单' },
  return: { en: 'I want to return an item', zh: '我要退货' },
  changeAddress: { en: 'change my delivery address', zh: '修改收货地址' },
} as const;
