/**
 * Deterministic "sentence-like" unit vectors for measuring vector search without a model.
 * Real sentence embeddings are anisotropic: they share a common direction (two unrelated
 * sentences still have a cosine well above 0), their variance decays across directions, and
 * they gather in topics. So a vector here is, before normalising:
 *
 *   mean × 1.2 + topic centre + noise × 0.8
 *
 * where the mean is one fixed unit vector, and the topic centre and the noise are Gaussian with a
 * standard deviation of (1 + i)^-0.5 in dimension i (variance decaying like 1 / (1 + i), a power
 * law), then turned by a fixed rotation (four Householder reflections, so that no axis is
 * special) and normalised. The topic of each vector is drawn uniformly from the space's topics
 * (by default one per 500 vectors, at least 20). Two unrelated vectors then have a cosine of
 * about 0.12, two of one topic about 0.66. `isotropicVectors` gives plain random unit vectors,
 * the hard case for any index.
 */
import { normalise } from "../store/quantize.js";
import { seededRandom } from "../store/random.js";

/** A standard normal number from two uniform ones (Box–Muller). */
function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function spectral(random: () => number, dimensions: number): Float64Array {
  return Float64Array.from({ length: dimensions }, (_, i) => gaussian(random) / Math.sqrt(1 + i));
}

/** The fixed parts of a space (the mean, the topics, the rotation), shared by a set and its queries. */
export class SentenceLikeSpace {
  private readonly mean: Float64Array;
  private readonly centres: Float64Array[];
  private readonly reflections: Float64Array[];

  constructor(
    readonly dimensions: number,
    topics: number,
  ) {
    const random = seededRandom(7);
    this.mean = Float64Array.from(normalise(Float32Array.from(spectral(random, dimensions))));
    this.centres = Array.from({ length: topics }, () => spectral(random, dimensions));
    this.reflections = Array.from({ length: 4 }, () =>
      Float64Array.from(normalise(Float32Array.from({ length: dimensions }, () => gaussian(random)))),
    );
  }

  /** `count` unit vectors drawn with `seed`. */
  vectors(count: number, seed: number): Float32Array[] {
    const random = seededRandom(seed);
    const d = this.dimensions;
    return Array.from({ length: count }, () => {
      const centre = this.centres[Math.floor(random() * this.centres.length)] as Float64Array;
      const noise = spectral(random, d);
      const v = Float64Array.from(
        { length: d },
        (_, i) => 1.2 * (this.mean[i] as number) + (centre[i] as number) + 0.8 * (noise[i] as number),
      );
      for (const h of this.reflections) {
        let dot = 0;
        for (let i = 0; i < d; i++) dot += (v[i] as number) * (h[i] as number);
        for (let i = 0; i < d; i++) v[i] = (v[i] as number) - 2 * dot * (h[i] as number);
      }
      return normalise(Float32Array.from(v));
    });
  }
}

/** The default topic count for a set of `count` vectors. */
export function defaultTopics(count: number): number {
  return Math.max(20, Math.round(count / 500));
}

/** `count` plain random unit vectors (isotropic Gaussian, normalised). */
export function isotropicVectors(count: number, dimensions: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => normalise(Float32Array.from({ length: dimensions }, () => gaussian(random))));
}
