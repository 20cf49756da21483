import { evaluate, OUT_OF_SCOPE, type EvaluationReport, type Example } from '@chatbot/nlp';
import { currentBackend, type BackendName } from './backend';
import type { IntentModel } from './intent-model';

export interface ModelEvaluation extends EvaluationReport {
  backend: BackendName;
  architecture: string;
  /** The out-of-scope threshold the model decided with. */
  threshold: number;
}

const BATCH = 256;

/** Scores a model on test data; out-of-scope test examples count under the out-of-scope label. */
export async function evaluateModel(model: IntentModel, test: Example[], outOfScopeTest: Example[] = []): Promise<ModelEvaluation> {
  const examples = [...test, ...outOfScopeTest.map(({ text }) => ({ text, intent: OUT_OF_SCOPE }))];
  const predicted: string[] = [];
  for (let start = 0; start < examples.length; start += BATCH) {
    const batch = examples.slice(start, start + BATCH).map((e) => e.text);
    for (const prediction of model.predictBatch(batch)) predicted.push(prediction.intent ?? OUT_OF_SCOPE);
  }
  const report = evaluate(
    examples.map((e) => e.intent),
    predicted,
    { outOfScopeLabel: OUT_OF_SCOPE },
  );
  return { ...report, backend: await currentBackend(), architecture: model.metadata.architecture, threshold: model.threshold };
}
