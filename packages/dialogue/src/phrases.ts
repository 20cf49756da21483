/**
 * Whole-message phrases the policy understands without the model: cancelling a form, and yes or no
 * to a confirmation. A message matches when, lower-cased and without punctuation, it is one of the
 * phrases, possibly with filler around it ("ok, never mind", "no thanks", "算了吧"): "cancel my order"
 * is not a cancel phrase.
 */

const CANCEL = ['never mind', 'nevermind', 'cancel', 'forget it', 'stop', 'cancel that', 'cancel it', 'stop it', 'forget about it', '算了', '取消', '不用了', '不要了'];
const YES = [
  'yes',
  'yeah',
  'yep',
  'yup',
  'correct',
  'right',
  'sure',
  'ok',
  'okay',
  "that's right",
  'that is right',
  'yes it is',
  '是',
  '是的',
  '对',
  '对的',
  '好',
  '好的',
  '没错',
  '确认',
];
const NO = ['no', 'nope', 'nah', 'wrong', 'not right', 'incorrect', "that's wrong", "that's not right", "it's not", '不', '不是', '不对', '错了', '错', '不是的'];

const EN_LEADING = new Set(['oh', 'ok', 'okay', 'actually', 'um', 'uh', 'hmm', 'well', 'no', 'just', 'please', 'so']);
const EN_TRAILING = new Set(['please', 'thanks', 'thank you', 'then', 'thx', 'ty']);
const ZH_LEADING = ['那就', '那', '还是', '哦', '嗯', '好吧', '呃'];
const ZH_TRAILING = ['谢谢', '吧', '啊', '呀', '哈', '呢', '嘛', '哦'];

/** Lower-case, NFKC (full-width to half-width), no punctuation or symbols, single spaces. */
export function normalisePhrase(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ (?=\p{Script=Han})|(?<=\p{Script=Han}) /gu, '');
}

const set = (phrases: string[]) => new Set(phrases.map(normalisePhrase));
const CANCEL_SET = set(CANCEL);
const YES_SET = set(YES);
const NO_SET = set(NO);

/** The message and what is left of it once filler words around it are taken off (never down to nothing). */
function candidates(text: string): string[] {
  const normalised = normalisePhrase(text);
  return [normalised, withoutEnglishFiller(normalised), withoutChineseFiller(normalised)];
}

function withoutEnglishFiller(text: string): string {
  let words = text.split(' ');
  for (;;) {
    const lastTwo = words.slice(-2).join(' ');
    if (words.length > 1 && EN_TRAILING.has(words[words.length - 1] as string)) words = words.slice(0, -1);
    else if (words.length > 2 && EN_TRAILING.has(lastTwo)) words = words.slice(0, -2);
    else if (words.length > 1 && EN_LEADING.has(words[0] as string)) words = words.slice(1);
    else return words.join(' ');
  }
}

function withoutChineseFiller(text: string): string {
  let rest = text;
  for (;;) {
    const suffix = ZH_TRAILING.find((filler) => rest.endsWith(filler) && rest.length > filler.length);
    const prefix = ZH_LEADING.find((filler) => rest.startsWith(filler) && rest.length > filler.length);
    if (suffix) rest = rest.slice(0, -suffix.length);
    else if (prefix) rest = rest.slice(prefix.length);
    else return rest;
  }
}

const matches = (phrases: ReadonlySet<string>) => (text: string) => candidates(text).some((candidate) => phrases.has(candidate));

/** "never mind", "cancel", "forget it", "stop", "算了", "取消", "不用了"... as the whole message. */
export const isCancelPhrase = matches(CANCEL_SET);
/** "yes", "yep", "correct", "ok", "是的", "对", "好的", "没错"... as the whole message. */
export const isYes = matches(YES_SET);
/** "no", "nope", "wrong", "not right", "不", "不是", "不对", "错了"... as the whole message. */
export const isNo = matches(NO_SET);
