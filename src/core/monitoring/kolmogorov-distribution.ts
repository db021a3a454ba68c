// Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n: scipy's
// `kstwo.sf(x, n)` (scipy/stats/_ksstats.py `_kolmogn(n, x, cdf=False)`, scipy 1.17.1), which
// ks_2samp's asymptotic two-sided path evaluates at n = round(m·n/(m + n)). The algorithm choice
// follows Simard & L'Ecuyer (2011), "Computing the two-sided Kolmogorov–Smirnov distribution",
// J. Stat. Softw. 39(11), with the same cut-offs as scipy.
import { smirnovSurvival } from './smirnov';

const SCALE_UP = 2 ** 128;
const SCALE_DOWN = 2 ** -128;
const SCALE_EXPONENT = 128;
const SQRT_TWO_PI = Math.sqrt(2 * Math.PI);
const LOG_TWO_PI = Math.log(2 * Math.PI);
const MIN_LOG = -708;
const PI_SQUARED = Math.PI ** 2;
const PI_FOURTH = Math.PI ** 4;
const PI_SIXTH = Math.PI ** 6;
// B_{2j} / (2j(2j − 1)) for j = 8 … 1: the Stirling-series coefficients, highest order first.
const STIRLING_COEFFICIENTS = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417, -0.0005952380952380953,
  0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

const clipProbability = (p: number): number => Math.min(1, Math.max(0, p));

/** x·2^exponent without overflowing the intermediate power of two. */
function scaleByPowerOfTwo(x: number, exponent: number): number {
  let result = x;
  let remaining = exponent;
  while (remaining > 1000) {
    result *= 2 ** 1000;
    remaining -= 1000;
  }
  while (remaining < -1000) {
    result *= 2 ** -1000;
    remaining += 1000;
  }
  return result * 2 ** remaining;
}

/** ln(n!/nⁿ) by Stirling's series with n·ln n removed up front. */
function logFactorialOverPower(n: number): number {
  const reciprocal = 1 / n;
  let polynomial = 0;
  for (const coefficient of STIRLING_COEFFICIENTS) polynomial = polynomial * (reciprocal / n) + coefficient;
  return Math.log(n) / 2 - n + LOG_TWO_PI / 2 + reciprocal * polynomial;
}

function multiply(a: Float64Array[], b: Float64Array[]): Float64Array[] {
  const size = a.length;
  const product = Array.from({ length: size }, () => new Float64Array(size));
  for (let i = 0; i < size; i++) {
    const row = a[i]!;
    const out = product[i]!;
    for (let k = 0; k < size; k++) {
      const aik = row[k]!;
      if (aik === 0) continue;
      const bk = b[k]!;
      for (let j = 0; j < size; j++) out[j]! += aik * bk[j]!;
    }
  }
  return product;
}

/**
 * P(D_n ≤ d) by Durbin's matrix algorithm as organised by Marsaglia, Tsang & Wang (2003),
 * "Evaluating Kolmogorov's distribution", J. Stat. Softw. 8(18): the (k,k) entry of H^n·n!/nⁿ.
 */
function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let factorial = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = factorial;
    factorial /= j;
    v[j - 1] = (1 - h ** j) * factorial;
  }
  v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * factorial;
  let matrix: Float64Array[] = Array.from({ length: m }, () => new Float64Array(m));
  for (let i = 1; i < m; i++) for (let row = i - 1; row < m; row++) matrix[row]![i] = w[row - i + 1]!;
  for (let row = 0; row < m; row++) matrix[row]![0] = v[row]!;
  for (let col = 0; col < m; col++) matrix[m - 1]![col] = v[m - 1 - col]!;

  let power: Float64Array[] = Array.from({ length: m }, (_, i) => {
    const row = new Float64Array(m);
    row[i] = 1;
    return row;
  });
  let exponent = 0;
  let matrixExponent = 0;
  for (let remaining = n; remaining > 0; remaining = Math.floor(remaining / 2)) {
    if (remaining % 2 === 1) {
      power = multiply(power, matrix);
      exponent += matrixExponent;
    }
    matrix = multiply(matrix, matrix);
    matrixExponent *= 2;
    if (Math.abs(matrix[k - 1]![k - 1]!) > SCALE_UP) {
      for (const row of matrix) for (let j = 0; j < m; j++) row[j]! /= SCALE_UP;
      matrixExponent += SCALE_EXPONENT;
    }
  }
  let p = power[k - 1]![k - 1]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < SCALE_DOWN) {
      p *= SCALE_UP;
      exponent -= SCALE_EXPONENT;
    }
  }
  return clipProbability(exponent === 0 ? p : scaleByPowerOfTwo(p, exponent));
}

/** Row i's window [j1, j2] in Pomeranz's recursion (scipy's `_pomeranz_compute_j1j2`). */
function pomeranzWindow(i: number, n: number, ll: number, ceilF: number, roundF: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilF - 1;
    j2 = ll + ceilF - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilF - 1;
        j2 = n + ll + ceilF - 1;
      } else {
        j1 = half - 1 - ll - roundF - 1;
        j2 = half + ll - 1 + ceilF - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundF - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/**
 * P(D_n ≤ x) by Pomeranz's recursion (1974), "Exact cumulative distribution of the
 * Kolmogorov–Smirnov statistic for small samples", CACM 17(12), as scipy's `_kolmogn_Pomeranz`:
 * each row is the previous row convolved with truncated Poisson weights.
 */
function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilF = f > 0 ? 1 : 0;
  const roundF = f > 0.5 ? 1 : 0;
  const powerCount = 2 * (ll + 1);
  const gPowers = new Float64Array(powerCount);
  const twoGPowers = new Float64Array(powerCount);
  const oneMinusTwoGPowers = new Float64Array(powerCount);
  gPowers[0] = twoGPowers[0] = oneMinusTwoGPowers[0] = 1;
  for (let p = 1; p < powerCount; p++) {
    gPowers[p] = (gPowers[p - 1]! * (g / n)) / p;
    twoGPowers[p] = (twoGPowers[p - 1]! * ((2 * g) / n)) / p;
    oneMinusTwoGPowers[p] = (oneMinusTwoGPowers[p - 1]! * ((1 - 2 * g) / n)) / p;
  }
  let previous = new Float64Array(powerCount);
  let current = new Float64Array(powerCount);
  current[0] = 1;
  let previousStart = 0;
  let currentStart = 0;
  let exponent = 0;
  let [j1, j2] = pomeranzWindow(0, n, ll, ceilF, roundF);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [previous, current] = [current, previous];
    [previousStart, currentStart] = [currentStart, previousStart];
    current.fill(0);
    [j1, j2] = pomeranzWindow(i, n, ll, ceilF, roundF);
    const weights = i === 1 || i === 2 * n + 1 ? gPowers : i % 2 === 1 ? twoGPowers : oneMinusTwoGPowers;
    const length = j2 - k1 + 1;
    if (length <= 0) continue;
    // current[0 … j2−j1] = (previous[k1 − previousStart …] ⊛ weights)[j1 − k1 …], truncated as numpy slices are.
    const sourceStart = k1 - previousStart;
    const source = previous.subarray(sourceStart, sourceStart + length);
    const kernel = weights.subarray(0, length);
    const convolutionStart = j1 - k1;
    const outputLength = j2 - j1 + 1;
    let largest = 0;
    for (let out = 0; out < outputLength; out++) {
      const index = convolutionStart + out;
      if (index > source.length + kernel.length - 2) break;
      let sum = 0;
      for (let a = Math.max(0, index - kernel.length + 1); a <= Math.min(index, source.length - 1); a++) {
        sum += source[a]! * kernel[index - a]!;
      }
      current[out] = sum;
      largest = Math.max(largest, sum);
    }
    if (largest > 0 && largest < SCALE_DOWN) {
      for (let j = 0; j < current.length; j++) current[j]! *= SCALE_UP;
      exponent -= SCALE_EXPONENT;
    }
    currentStart = previousStart + j1 - k1;
  }
  let answer = current[n - currentStart]!;
  for (let factor = 1; factor <= n; factor++) {
    if (Math.abs(answer) > SCALE_UP) {
      answer *= SCALE_DOWN;
      exponent += SCALE_EXPONENT;
    }
    answer *= factor;
  }
  return clipProbability(exponent === 0 ? answer : scaleByPowerOfTwo(answer, exponent));
}

/**
 * The Pelz–Good (1976) approximation to P(D_n ≤ x): the Li-Chien/Korolyuk expansion
 * K₀ + K₁/√n + K₂/n + K₃/n^{3/2} in z = x√n, each term rewritten with Jacobi theta identities
 * (scipy's `_kolmogn_PelzGood`).
 */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z ** 2;
  const z4 = z ** 4;
  const z6 = z ** 6;
  const qLog = -PI_SQUARED / 8 / z2;
  if (qLog < MIN_LOG) return 0;
  const q = Math.exp(qLog);
  const k1a = -z2;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI_SQUARED) / 4;
  const k2c = (PI_FOURTH * (1 - 2 * z2)) / 16;
  const k3d = (PI_SIXTH * (5 - 30 * z2)) / 64;
  const k3c = (PI_FOURTH * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI_SQUARED * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const terms = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m ** 2;
    const m4 = m ** 4;
    const m6 = m ** 6;
    const qPower = Math.pow(q, 8 * k);
    const coefficients = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) terms[i] = terms[i]! * qPower + coefficients[i]!;
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) terms[i] = (terms[i]! * q * SQRT_TWO_PI) / divisors[i]!;
  const q2 = Math.exp(-PI_SQUARED / 2 / z2);
  const sqrt3z = Math.sqrt(3) * z;
  let k2Extra = 0;
  let k3Extra = 0;
  for (let k = maxK; k > 0; k--) {
    const k2 = k * k;
    const qPower = q2 ** k2;
    k2Extra += k2 * qPower;
    k3Extra += (sqrt3z + Math.PI * k) * (sqrt3z - Math.PI * k) * k2 * qPower;
  }
  terms[2]! += k2Extra * ((PI_SQUARED * SQRT_TWO_PI) / (-36 * z ** 3));
  terms[3]! += k3Extra * ((PI_SQUARED * SQRT_TWO_PI) / (216 * z6));
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += terms[i]! / Math.pow(n, i / 2);
  return sum;
}

/** P(D_n ≥ x): scipy's kstwo.sf(x, n) for a positive integer n. */
export function kolmogorovSurvival(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0 || Number.isNaN(x)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    // Ruben & Gambino (1982): P(D_n ≤ x) = n!/nⁿ (2t − 1)ⁿ for 1/2n ≤ x ≤ 1/n.
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clipProbability(1 - cdf);
  }
  if (t >= n - 1) return clipProbability(2 * (1 - x) ** n); // Ruben & Gambino, upper end
  if (x >= 0.5) return clipProbability(2 * smirnovSurvival(n, x)); // exact: the one-sided tails cannot overlap
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clipProbability(1 - durbinMatrixCdf(n, x));
    if (nxSquared <= 4) return clipProbability(1 - pomeranzCdf(n, x));
    return clipProbability(2 * smirnovSurvival(n, x)); // Miller's approximation
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clipProbability(2 * smirnovSurvival(n, x));
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clipProbability(1 - cdf);
}
