import type { Example } from '@chatbot/nlp';

/** A small customer-service dataset, English and Chinese, big enough to learn and small enough to train in a second. */
const PHRASES: Record<string, string[]> = {
  greeting: ['hello', 'hi there', 'good morning', 'hey, how are you', 'hello team', 'hi, anyone there?', 'good evening', 'hey hey', '你好', '早上好', '您好，在吗', '嗨'],
  order_status: [
    'where is my order',
    'track my package',
    'has my order shipped',
    'when will my parcel arrive',
    'order status please',
    'my delivery is late',
    'where is my delivery',
    'tracking number for my order',
    '我的订单到哪了',
    '快递什么时候到',
    '查一下物流',
    '订单发货了吗',
  ],
  refund: [
    'i want a refund',
    'give me my money back',
    'how do i return this item',
    'refund my purchase',
    'can i get a refund',
    'return policy for refunds',
    'the product is broken, refund please',
    'request a refund',
    '我要退款',
    '怎么退货',
    '申请退款',
    '退钱',
  ],
  opening_hours: [
    'when are you open',
    'what are your opening hours',
    'are you open on sunday',
    'what time do you close',
    'store hours',
    'opening times today',
    'are you open now',
    'hours of the shop',
    '几点开门',
    '营业时间是多少',
    '周末营业吗',
    '几点关门',
  ],
};

export const TRAIN: Example[] = Object.entries(PHRASES).flatMap(([intent, texts]) => texts.map((text) => ({ text, intent })));

export const OUT_OF_SCOPE_TRAIN: Example[] = [
  'what is the capital of france',
  'tell me a joke',
  'play some music',
  'how tall is mount everest',
  '今天天气怎么样',
  'who won the football game',
].map((text) => ({ text, intent: 'oos' }));

export const OUT_OF_SCOPE_VALIDATION: Example[] = ['write me a poem', 'what is 2 plus 2', '讲个笑话'].map((text) => ({ text, intent: 'oos' }));

/** Options that keep a test's training to a fraction of a second. */
export const QUICK = { epochs: 8, seed: 7 } as const;
