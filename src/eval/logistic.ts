/**
 * Logistic regression, small and dependency-free: what `npm run eval:fit` fits the confidence
 * models with. Pure.
 */

/** One labelled example: its features and whether it is a positive. */
export interface Example {
  x: number[];
  y: 0 | 1;
}

/**
 * Logistic regression by gradient descent on standardised features, classes weighted to equal
 * total weight (so 0.5 means "as likely answerable as not"), with a little L2 regularisation.
 * A feature that never varies gets weight 0. Returns the model in the features' own units.
 */
export function fitLogistic(examples: readonly Example[], iterations = 4000, rate = 0.2, l2 = 1e-3): { bias: number; weights: number[] } {
  const dims = examples[0]?.x.length ?? 0;
  const mean = Array.from({ length: dims }, (_, j) => examples.reduce((s, e) => s + (e.x[j] as number), 0) / examples.length);
  const sd = mean.map((m, j) => Math.sqrt(examples.reduce((s, e) => s + ((e.x[j] as number) - m) ** 2, 0) / examples.length));
  const z = examples.map((e) => e.x.map((v, j) => ((sd[j] as number) > 1e-9 ? (v - (mean[j] as number)) / (sd[j] as number) : 0)));
  const positives = examples.filter((e) => e.y === 1).length;
  const weightOf = (y: number) => (y === 1 ? 0.5 / positives : 0.5 / (examples.length - positives));
  const theta = new Array<number>(dims).fill(0);
  let bias = 0;
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(dims).fill(0);
    let gradBias = 0;
    examples.forEach((e, i) => {
      const row = z[i] as number[];
      const p = 1 / (1 + Math.exp(-(bias + row.reduce((s, v, j) => s + v * (theta[j] as number), 0))));
      const g = (p - e.y) * weightOf(e.y);
      row.forEach((v, j) => (grad[j] = (grad[j] as number) + g * v));
      gradBias += g;
    });
    for (let j = 0; j < dims; j++) theta[j] = (theta[j] as number) - rate * ((grad[j] as number) + l2 * (theta[j] as number));
    bias -= rate * gradBias;
  }
  const weights = theta.map((t, j) => ((sd[j] as number) > 1e-9 ? t / (sd[j] as number) : 0));
  return { bias: bias - weights.reduce((s, w, j) => s + w * (mean[j] as number), 0), weights };
}

/** The probability a fitted model gives to features `x`. */
export function predict(model: { bias: number; weights: readonly number[] }, x: readonly number[]): number {
  return 1 / (1 + Math.exp(-(model.bias + x.reduce((sum, v, j) => sum + v * (model.weights[j] as number), 0))));
}
