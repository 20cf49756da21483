import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { EnsembleTrainingHead } from './training-head';

describe('EnsembleTrainingHead', () => {
  // 2 members of 2 columns each, 3 classes. Inputs 0-1 belong to member 0, inputs 2-3 to member 1.
  let head: EnsembleTrainingHead;
  let x: tf.Tensor2D;
  beforeAll(async () => {
    await initBackend('wasm');
    head = new EnsembleTrainingHead(2, 4, 3, 1);
    x = tf.tensor2d([
      [1, -2, 0.5, 3],
      [0, 1, 1, 0],
    ]);
  });

  it("gives each member's logits from its own columns only, one row per text and member", () => {
    const [kernel, bias] = head.variables.map((v) => v.arraySync() as number[][][]);
    const logits = head.logits(x).arraySync() as number[][];
    expect(logits).toHaveLength(4);
    const rows = x.arraySync();
    rows.forEach((row, text) => {
      for (let member = 0; member < 2; member++) {
        const own = row.slice(member * 2, member * 2 + 2);
        const expected = [0, 1, 2].map((c) => own[0]! * kernel![member]![0]![c]! + own[1]! * kernel![member]![1]![c]! + bias![member]![0]![c]!);
        logits[text * 2 + member]!.forEach((value, c) => expect(value).toBeCloseTo(expected[c]!, 5));
      }
    });
  });

  it("serves one dense layer computing the mean of the members' logits", () => {
    tf.tidy(() => head.variables[1]!.assign(tf.tensor3d([[[0.1, 0.2, 0.3]], [[1, 2, 3]]])));
    const members = head.logits(x).arraySync() as number[][];
    const { model, ownedByHead } = head.servingHead();
    expect(ownedByHead).toBe(false);
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    const served = (model.predict(x) as tf.Tensor).arraySync() as number[][];
    served.forEach((row, text) => row.forEach((value, c) => expect(value).toBeCloseTo((members[text * 2]![c]! + members[text * 2 + 1]![c]!) / 2, 5)));
    model.dispose();
  });
});
