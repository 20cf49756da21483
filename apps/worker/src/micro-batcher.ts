/**
 * Collects single requests into small batches so concurrent jobs share one model call.
 * A batch is flushed when it reaches `maxBatchSize` or `maxWaitMs` after its first item,
 * whichever comes first; every caller gets its own result back.
 */
export class MicroBatcher<In, Out> {
  private pending: Array<{ input: In; resolve: (out: Out) => void; reject: (error: unknown) => void }> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly runBatch: (inputs: In[]) => Out[] | Promise<Out[]>,
    private readonly maxBatchSize = 64,
    private readonly maxWaitMs = 2,
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (this.pending.length >= this.maxBatchSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    Promise.resolve()
      .then(() => this.runBatch(batch.map((item) => item.input)))
      .then(
        (outputs) => batch.forEach((item, i) => item.resolve(outputs[i] as Out)),
        (error: unknown) => batch.forEach((item) => item.reject(error)),
      );
  }
}
