import * as tf from '@tensorflow/tfjs';

/**
 * The part of the network tfjs trains: maps the embedded texts [batch, ...] to logits. `logits` gives
 * one row per text and member ([batch x members, classes], the members of a text side by side), so
 * that every member has its own loss. `servingHead` is the tfjs model that is saved and served.
 */
export interface TrainingHead {
  readonly members: number;
  readonly variables: tf.Variable[];
  logits(input: tf.Tensor): tf.Tensor;
  /** A model computing the served logits; the caller disposes it unless it is `ownedByHead`. */
  servingHead(): { model: tf.LayersModel; ownedByHead: boolean };
  dispose(): void;
}

/** A tfjs layers model trained as it is (a single model: the LSTMs, or a one-member bag). */
export class LayersTrainingHead implements TrainingHead {
  readonly members = 1;
  readonly variables: tf.Variable[];

  constructor(private readonly model: tf.LayersModel) {
    this.variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  }

  logits(input: tf.Tensor): tf.Tensor {
    return this.model.apply(input, { training: true }) as tf.Tensor;
  }

  servingHead(): { model: tf.LayersModel; ownedByHead: boolean } {
    return { model: this.model, ownedByHead: true };
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * An ensemble of linear bag models trained side by side, sharing the featurisation. Member m owns
 * columns [m*d, (m+1)*d) of the embedded text and its own kernel [d, classes] and bias; with its own
 * loss, batch order and optimiser state it learns as a separately trained model would. The mean of
 * the members' logits is again one linear layer over all columns (the kernels stacked, divided by
 * the member count), which is what is saved and served: the ensemble costs nothing at prediction
 * time beyond its wider embedding.
 * Measured on CLINC150 validation (raw accuracy, seeds 42 and 7): 3 members of 32 dimensions 93.8% and
 * 93.2% against 93.0% and 92.9% for one model of 64 (one of 128: 93.1%).
 */
export class EnsembleTrainingHead implements TrainingHead {
  readonly variables: tf.Variable[];
  private readonly kernel: tf.Variable; // [members, d, classes]
  private readonly bias: tf.Variable; // [members, 1, classes]
  private readonly width: number;

  constructor(
    readonly members: number,
    inputs: number,
    private readonly classes: number,
    seed: number,
  ) {
    this.width = inputs / members;
    // Glorot-uniform per member, as a Dense layer of one member would start.
    const limit = Math.sqrt(6 / (this.width + classes));
    this.kernel = tf.tidy(() => tf.variable(tf.randomUniform([members, this.width, classes], -limit, limit, 'float32', seed)));
    this.bias = tf.tidy(() => tf.variable(tf.zeros([members, 1, classes])));
    this.variables = [this.kernel, this.bias];
  }

  logits(input: tf.Tensor): tf.Tensor {
    const byMember = tf.transpose(tf.reshape(input, [-1, this.members, this.width]), [1, 0, 2]); // [members, batch, d]
    const logits = tf.add(tf.matMul(byMember, this.kernel), this.bias); // [members, batch, classes]
    return tf.reshape(tf.transpose(logits, [1, 0, 2]), [-1, this.classes]);
  }

  servingHead(): { model: tf.LayersModel; ownedByHead: boolean } {
    const inputs = this.members * this.width;
    const dense = tf.layers.dense({ units: this.classes });
    const model = tf.sequential({ layers: [tf.layers.inputLayer({ inputShape: [inputs] }), dense] });
    tf.tidy(() =>
      dense.setWeights([tf.div(tf.reshape(this.kernel, [inputs, this.classes]), this.members), tf.mean(tf.reshape(this.bias, [this.members, this.classes]), 0)]),
    );
    return { model, ownedByHead: false };
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}
