import type { ActionHandler, ActionRequest, ActionResponse, Button } from '@chatbot/actions-sdk';
import type { Order, OrderBook } from './orders';
import { BUTTON_TEXTS, LABELS, formatDate, formatMoney, itemList, maskEmail, type Language } from './texts';

/**
 * The default bot's actions. Each reads the slots its form collected (order_id, address, reason) and
 * answers in the conversation's language with buttons for what makes sense next. A test call (the
 * dashboard's Test button) describes what would happen and changes nothing.
 */

type ButtonName = keyof typeof BUTTON_TEXTS;

function replyButton(name: ButtonName, language: Language): Button {
  return { type: 'reply', label: LABELS[name][language], text: BUTTON_TEXTS[name][language] };
}

function slot(request: ActionRequest, name: string): string | undefined {
  const value = request.slots[name]?.value;
  return value === undefined ? undefined : String(value).trim();
}

/** An order number the shop does not know: say so, and forget it so the form asks again. */
function unknownOrder(id: string, language: Language): ActionResponse {
  return {
    text:
      language === 'zh'
        ? `没有找到订单 {order_id}。请核对订单确认邮件里的订单号（例如 48213）。`
        : `I can't find an order {order_id}. Please check the number in your order confirmation email (for example 48213).`,
    variables: { order_id: id },
    slots: { order_id: null },
    buttons: [replyButton('human', language)],
  };
}

function missingSlot(language: Language): ActionResponse {
  return {
    text: language === 'zh' ? '我还需要您的订单号才能查询。' : 'I need your order number to look that up.',
    slots: { order_id: null },
  };
}

function statusText(order: Order, language: Language): string {
  const en = language === 'en';
  switch (order.status) {
    case 'processing':
      return en
        ? `Order ${order.id} (${itemList(order, language)}) is being packed in our warehouse and should leave within two working days.`
        : `订单 ${order.id}（${itemList(order, language)}）正在仓库打包，预计两个工作日内发出。`;
    case 'shipped':
      return en
        ? `Order ${order.id} left our warehouse on ${formatDate(order.shippedAt!, language)} with ${order.carrier}, tracking ${order.tracking}.`
        : `订单 ${order.id} 已于${formatDate(order.shippedAt!, language)}由 ${order.carrier} 发出，运单号 ${order.tracking}。`;
    case 'delivered':
      return en
        ? `Order ${order.id} was delivered on ${formatDate(order.deliveredAt!, language)} (${order.carrier}, tracking ${order.tracking}).`
        : `订单 ${order.id} 已于${formatDate(order.deliveredAt!, language)}签收（${order.carrier}，运单号 ${order.tracking}）。`;
    case 'cancelled':
      return en
        ? `Order ${order.id} was cancelled on ${formatDate(order.cancelledAt!, language)}; the ${formatMoney(order.total, language)} went back to your card.`
        : `订单 ${order.id} 已于${formatDate(order.cancelledAt!, language)}取消，${formatMoney(order.total, language)} 已退回您的支付卡。`;
  }
}

function statusButtons(order: Order, language: Language): Button[] {
  const buttons: Button[] = [];
  if (order.trackingUrl && order.status === 'shipped') buttons.push({ type: 'link', label: LABELS.track[language], url: order.trackingUrl });
  if (order.status === 'processing') buttons.push(replyButton('cancel', language), replyButton('changeAddress', language));
  if (order.status === 'delivered') buttons.push(replyButton('return', language));
  buttons.push(replyButton('human', language));
  return buttons;
}

export function createShopActions(book: OrderBook, clock: () => Date = () => new Date()): Record<string, ActionHandler> {
  const orderStatus: ActionHandler = (request) => {
    const language = request.conversation.language;
    const id = slot(request, 'order_id');
    if (!id) return missingSlot(language);
    const order = book.find(id);
    if (!order) return unknownOrder(id, language);
    return { text: statusText(order, language), buttons: statusButtons(order, language) };
  };

  const cancelOrder: ActionHandler = (request) => {
    const language = request.conversation.language;
    const en = language === 'en';
    const id = slot(request, 'order_id');
    if (!id) return missingSlot(language);
    const order = book.find(id);
    if (!order) return unknownOrder(id, language);
    if (order.status === 'processing' && request.test) return { text: `(test) Order ${id} could be cancelled now; nothing was changed.` };
    const outcome = order.status === 'processing' ? book.cancel(id, clock()) : order.status === 'cancelled' ? 'already cancelled' : 'too late';
    switch (outcome) {
      case 'cancelled':
        return {
          text: en
            ? `Done: order ${id} is cancelled. ${formatMoney(order.total, language)} goes back to your card within 5 working days; a confirmation is on its way to ${maskEmail(order.email)}.`
            : `已取消订单 ${id}。${formatMoney(order.total, language)} 将在 5 个工作日内退回您的支付卡，确认邮件已发送至 ${maskEmail(order.email)}。`,
        };
      case 'already cancelled':
        return { text: statusText(order, language) };
      default:
        return {
          text:
            order.status === 'delivered'
              ? en
                ? `Order ${id} has already been delivered, so it can't be cancelled; you can send it back for a refund instead.`
                : `订单 ${id} 已经签收，无法取消；您可以申请退货退款。`
              : en
                ? `Order ${id} has already left our warehouse, so it can't be cancelled any more. Once it arrives you can send it back for a refund.`
                : `订单 ${id} 已经发货，无法再取消。收到后您可以申请退货退款。`,
          buttons: [replyButton('return', language), replyButton('human', language)],
        };
    }
  };

  const changeAddress: ActionHandler = (request) => {
    const language = request.conversation.language;
    const en = language === 'en';
    const id = slot(request, 'order_id');
    const address = slot(request, 'address');
    if (!id) return missingSlot(language);
    const order = book.find(id);
    if (!order) return unknownOrder(id, language);
    if (order.status === 'cancelled' || order.status === 'delivered') return { text: statusText(order, language), buttons: statusButtons(order, language) };
    if (order.status !== 'processing') {
      return {
        text: en
          ? `Order ${id} has already left our warehouse, so its address can't be changed here. A colleague can ask the carrier to redirect it.`
          : `订单 ${id} 已经发货，这里无法再修改地址。可以请同事联系快递改派。`,
        buttons: [replyButton('human', language)],
      };
    }
    if (!address) return { text: en ? 'What should the new delivery address be?' : '新的收货地址是什么？' };
    if (!request.test) book.changeAddress(id, address);
    return {
      text: en ? `${request.test ? '(test) ' : ''}Order {order_id} will now go to: {address}.` : `${request.test ? '（测试）' : ''}订单 {order_id} 将改寄到：{address}。`,
      variables: { order_id: id, address },
    };
  };

  const startReturn: ActionHandler = (request) => {
    const language = request.conversation.language;
    const en = language === 'en';
    const id = slot(request, 'order_id');
    const reason = slot(request, 'reason') ?? '';
    if (!id) return missingSlot(language);
    const order = book.find(id);
    if (!order) return unknownOrder(id, language);
    if (request.test) return { text: `(test) Order ${id} is ${order.status}; nothing was changed.` };
    const result = book.startReturn(id, reason, clock());
    if (result.outcome === 'not found') return unknownOrder(id, language);
    if (result.outcome === 'not delivered') {
      return {
        text: en
          ? `Order ${id} hasn't been delivered yet, so there is nothing to return. ${statusText(order, language)}`
          : `订单 ${id} 还没有签收，暂时无法退货。${statusText(order, language)}`,
        buttons: statusButtons(order, language),
      };
    }
    const { request: opened } = result;
    return {
      text: en
        ? `Return ${opened.id} for order ${id} is ${result.outcome === 'opened' ? 'open' : 'already open'} (reason: {reason}). The return label is on its way to ${maskEmail(order.email)}; the refund follows once the parcel reaches us.`
        : `订单 ${id} 的退货申请 ${opened.id} ${result.outcome === 'opened' ? '已创建' : '之前已创建'}（原因：{reason}）。退货标签已发送至 ${maskEmail(order.email)}，我们收到包裹后即退款。`,
      variables: { reason: opened.reason },
    };
  };

  return { '/order-status': orderStatus, '/cancel-order': cancelOrder, '/change-address': changeAddress, '/start-return': startReturn };
}
