import type { EpochProgress } from '../metadata';

const WIDTH = 24;

/** Training progress on stderr: one bar redrawn in place on a terminal, one line per epoch otherwise. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): (progress: EpochProgress) => void {
  const started = Date.now();
  return ({ epoch, epochs, loss, accuracy, valAccuracy }) => {
    const filled = Math.round((epoch / epochs) * WIDTH);
    const validation = valAccuracy === undefined ? '' : ` val acc ${(valAccuracy * 100).toFixed(2)}%`;
    const line =
      `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] epoch ${epoch}/${epochs} ` +
      `loss ${loss.toFixed(4)} acc ${(accuracy * 100).toFixed(2)}%${validation} ${((Date.now() - started) / 1000).toFixed(1)}s`;
    stream.write(stream.isTTY ? `\r${line}` : `${line}\n`);
  };
}

/** Ends an in-place bar so that the next output starts on its own line. */
export function endProgressBar(stream: NodeJS.WriteStream = process.stderr): void {
  if (stream.isTTY) stream.write('\n');
}
