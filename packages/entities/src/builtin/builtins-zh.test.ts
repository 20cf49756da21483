import { describe, expect, it } from 'vitest';
import { EntityExtractor } from '../entity-extractor';
import { brief, REFERENCE_TIME, TIME_ZONE } from '../testing/fixtures';
import type { Entity } from '../types';

// Real recognizers. The reference is Thursday 3 December 2026, 10:00 in Shanghai.
const extractor = new EntityExtractor([]);

function extract(text: string, types: readonly string[], referenceTime = REFERENCE_TIME): Entity[] {
  return extractor.extract(text, { language: 'zh', types: new Set(types), referenceTime, timeZone: TIME_ZONE, budgetMs: 5000 }).entities;
}
const of = (type: string, text: string) => brief(extract(text, [type]));

describe('built-in entities in Chinese', () => {
  it('number: "两个", "2个" and "二十" ', () => {
    expect(of('number', '我要两个')).toEqual([{ type: 'number', value: 2, text: '两' }]);
    expect(of('number', '我要2个')).toEqual([{ type: 'number', value: 2, text: '2' }]);
    expect(of('number', '二十个，一千二百件')).toEqual([
      { type: 'number', value: 20, text: '二十' },
      { type: 'number', value: 1200, text: '一千二百' },
    ]);
  });

  it('number: 一 in 查一下 and the numeral of 周三 are not numbers; the hyphen of "#A-5678" is no minus', () => {
    expect(of('number', '帮我查一下，我们一起去')).toEqual([]);
    expect(of('number', '下周三送')).toEqual([]);
    expect(of('number', '订单#A-5678')).toEqual([{ type: 'number', value: 5678, text: '5678' }]);
  });

  it('ordinal: "第二个" is 2, and its 二 is no cardinal', () => {
    expect(brief(extract('第二个', ['ordinal', 'number']))).toEqual([{ type: 'ordinal', value: 2, text: '第二' }]);
    expect(of('ordinal', '第3个')).toEqual([{ type: 'ordinal', value: 3, text: '第3' }]);
  });

  it('money: "三百五十块", "¥350" and "350元" are 350 CNY', () => {
    expect(of('money', '三百五十块，¥350，350元')).toEqual([
      { type: 'money', value: 350, text: '三百五十块', unit: 'CNY' },
      { type: 'money', value: 350, text: '¥350', unit: 'CNY' },
      { type: 'money', value: 350, text: '350元', unit: 'CNY' },
    ]);
    expect(of('money', '一百美元，5毛')).toEqual([
      { type: 'money', value: 100, text: '一百美元', unit: 'USD' },
      { type: 'money', value: 0.5, text: '5毛', unit: 'CNY' },
    ]);
  });

  it('money: a comma between amounts separates them, and 十分钟 is no money', () => {
    expect(of('money', '¥350，400元')).toEqual([
      { type: 'money', value: 350, text: '¥350', unit: 'CNY' },
      { type: 'money', value: 400, text: '400元', unit: 'CNY' },
    ]);
    expect(of('money', '十分钟后到')).toEqual([]);
  });

  it('datetime: "下周一" and "明天下午三点" relative to the reference', () => {
    expect(of('datetime', '下周一送到')).toEqual([{ type: 'datetime', value: '2026-12-07', text: '下周一' }]);
    expect(of('datetime', '明天下午三点可以吗')).toEqual([{ type: 'datetime', value: '2026-12-04T15:00:00', text: '明天下午三点' }]);
    expect(of('datetime', '明天，下午三点')).toEqual([{ type: 'datetime', value: '2026-12-04T15:00:00', text: '明天，下午三点' }]);
    expect(of('datetime', '后天上午10点')).toEqual([{ type: 'datetime', value: '2026-12-05T10:00:00', text: '后天上午10点' }]);
    expect(of('datetime', '3点')).toEqual([{ type: 'datetime', value: '2026-12-03T15:00:00', text: '3点' }]);
    expect(of('datetime', '12点前能送到吗')).toEqual([{ type: 'datetime', value: '2026-12-03T12:00:00', text: '12点前' }]);
    // The recognizer says "now" for 半个小时后; it is now plus the half hour.
    expect(of('datetime', '半个小时后联系我')).toEqual([{ type: 'datetime', value: '2026-12-03T10:30:00', text: '半个小时后' }]);
  });

  it('datetime: "12月5日" without a year is the next 5 December', () => {
    expect(of('datetime', '12月5日')).toEqual([{ type: 'datetime', value: '2026-12-05', text: '12月5日' }]);
    expect(brief(extract('12月5日', ['datetime'], new Date('2026-12-10T02:00:00Z')))).toEqual([{ type: 'datetime', value: '2027-12-05', text: '12月5日' }]);
    expect(of('datetime', '２０２６年１２月２５日')).toEqual([{ type: 'datetime', value: '2026-12-25', text: '２０２６年１２月２５日' }]);
  });

  it('duration: "3天", "两个小时", and inside "两小时后"', () => {
    expect(of('duration', '3天')).toEqual([{ type: 'duration', value: 259200, text: '3天', unit: 'second' }]);
    expect(of('duration', '两个小时')).toEqual([{ type: 'duration', value: 7200, text: '两个小时', unit: 'second' }]);
    expect(of('duration', '两小时后')).toEqual([{ type: 'duration', value: 7200, text: '两小时', unit: 'second' }]);
  });

  it('email, phone and URL in Chinese text', () => {
    expect(of('email', '邮箱Foo@Bar.com谢谢')).toEqual([{ type: 'email', value: 'foo@bar.com', text: 'Foo@Bar.com' }]);
    expect(of('phone', '手机：138-1234-5678')).toEqual([{ type: 'phone', value: '13812345678', text: '138-1234-5678' }]);
    // A Chinese mobile number is a phone number even where the recognizer's score is low (repeated digits).
    expect(of('phone', '给我打电话：13900001111')).toEqual([{ type: 'phone', value: '13900001111', text: '13900001111' }]);
    expect(of('url', '网址 https://example.cn/a。')).toEqual([{ type: 'url', value: 'https://example.cn/a', text: 'https://example.cn/a' }]);
  });

  it('an order id next to a phone number, and no date inside the phone number', () => {
    expect(brief(extract('订单号12345678，电话13812345678', ['phone', 'datetime']))).toEqual([{ type: 'phone', value: '13812345678', text: '13812345678' }]);
    expect(of('datetime', '手机：138-1234-5678')).toEqual([]);
  });
});
