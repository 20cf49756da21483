import { FEEDBACK_QUEUE, ReplyFeedbackSchema, type Redis, type ReplyFeedback } from '@chatbot/core';
import { Queue } from 'bullmq';

/** The ratings on the `feedback` queue under `prefix`, oldest first (nothing consumes them in these tests). */
export async function queuedRatings(redis: Redis, prefix: string): Promise<ReplyFeedback[]> {
  const feedback = new Queue(FEEDBACK_QUEUE, { connection: redis, prefix });
  try {
    const jobs = await feedback.getJobs();
    // BullMQ numbers jobs without an id of their own in the order they were added.
    return jobs.sort((a, b) => Number(a.id) - Number(b.id)).map((job) => ReplyFeedbackSchema.parse(job.data));
  } finally {
    await feedback.close();
  }
}
