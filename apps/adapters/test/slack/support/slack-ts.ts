let lastTs = 1_700_000_000_000_000;

/** A fresh Slack message timestamp ("seconds.micros", unique and increasing), for events and posted messages alike. */
export function nextTs(): string {
  lastTs += 1;
  const text = String(lastTs);
  return `${text.slice(0, 10)}.${text.slice(10)}`;
}
