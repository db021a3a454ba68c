import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kolmogorovSurvival, ksPValue, ksTwoSample, sampleOfNumbers } from '../../../src/core/monitoring';
import { normalSample, relativelyClose } from './fixtures';

/**
 * The exact null law of D by brute force, independent of the lattice-path algorithms: every
 * assignment of m "a" labels among m + n ordered distinct positions is equally likely under H₀;
 * D·lcm = max over prefixes of |i·lcm/m − j·lcm/n|. Returns P(D ≥ observed).
 */
function bruteForcePValue(m: number, n: number, observed: number): number {
  const lcm = (m * n) / gcd(m, n);
  const threshold = Math.round(observed * lcm);
  let atLeast = 0;
  let total = 0;
  const visit = (aLeft: number, bLeft: number, i: number, j: number, largest: number): void => {
    if (aLeft === 0 && bLeft === 0) {
      total++;
      if (largest >= threshold) atLeast++;
      return;
    }
    if (aLeft > 0) visit(aLeft - 1, bLeft, i + 1, j, Math.max(largest, Math.abs(((i + 1) * lcm) / m - (j * lcm) / n)));
    if (bLeft > 0) visit(aLeft, bLeft - 1, i, j + 1, Math.max(largest, Math.abs((i * lcm) / m - ((j + 1) * lcm) / n)));
  };
  visit(m, n, 0, 0, 0);
  return atLeast / total;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

describe('ks two-sample exact p-value', () => {
  const pairs: [number[], number[]][] = [
    [[0.1, 0.5, 0.9, 1.3, 2.2], [0.3, 1.1, 1.7, 2.5, 2.9, 3.4]], // m=5, n=6, no ties
    [[1, 2, 2, 3, 5], [2, 3, 3, 4, 6, 7]], // m=5, n=6, ties within and across samples
    [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]], // complete separation
    [[1, 1, 1, 2, 2], [1, 2, 2, 2, 2, 2]], // heavy ties
    [[0.2, 0.4, 0.6], [0.1, 0.3, 0.5, 0.7, 0.9, 1.1, 1.3]], // m=3, n=7
    [[3, 1, 4, 1], [5, 9, 2, 6]], // m=n=4, ties
    [[1, 2, 3, 4, 5, 6, 7, 8], [2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5]], // m=8, n=10 (gcd 2)
  ];
  for (const [a, b] of pairs) {
    it(`equals brute-force enumeration for m=${a.length}, n=${b.length}: ${a} vs ${b}`, () => {
      const result = ksTwoSample(sampleOfNumbers(a), sampleOfNumbers(b));
      assert.equal(result.method, 'exact');
      const expected = bruteForcePValue(a.length, b.length, result.statistic);
      assert.ok(relativelyClose(result.pValue, expected, 1e-9), `${result.pValue} vs ${expected}`);
    });
  }

  it('matches the brute force for every attainable D of several size pairs', () => {
    for (const [m, n] of [[5, 6], [4, 4], [6, 9], [8, 8], [2, 9], [6, 4], [7, 10]] as const) {
      const lcm = (m * n) / gcd(m, n);
      for (let h = 1; h <= lcm; h++) {
        const result = ksPValue(h / lcm, m, n);
        const brute = bruteForcePValue(m, n, h / lcm);
        assert.equal(result.method, 'exact');
        assert.ok(Math.abs(result.pValue - brute) <= 1e-12 + 1e-9 * brute, `m=${m} n=${n} h=${h}: ${result.pValue} vs ${brute}`);
      }
    }
  });

  it('falls back to the asymptotic p-value where scipy does (exact sum rounds above 1)', () => {
    // scipy: ks_2samp([1,3,…,13], [2,4,…,14]) → statistic 0.14285714285714285, p 0.9999609537692629,
    // with "RuntimeWarning: ks_2samp: Exact calculation unsuccessful".
    const result = ksTwoSample(sampleOfNumbers([1, 3, 5, 7, 9, 11, 13]), sampleOfNumbers([2, 4, 6, 8, 10, 12, 14]));
    assert.deepEqual(result, { statistic: 1 / 7, pValue: 0.9999609537692629, method: 'asymptotic' });
  });

  it('gives 2/C(2n, n) for equal sizes and D = 1', () => {
    for (const n of [1, 2, 3, 5, 10, 20]) {
      const result = ksPValue(1, n, n);
      assert.ok(relativelyClose(result.pValue, 2 / binomial(2 * n, n), 1e-12), `n=${n}: ${result.pValue}`);
    }
  });

  it('gives p = 1 for identical samples', () => {
    const sample = sampleOfNumbers([1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(ksTwoSample(sample, sample), { statistic: 0, pValue: 1, method: 'exact' });
  });
});

// Expected values: scipy.stats.ks_2samp(a, b) (scipy 1.17.1) on the same fixture arrays.
describe('ks two-sample against scipy.stats.ks_2samp', () => {
  const cases = [
    { name: 'normal 40 vs 55', a: normalSample(40, 0, 1, 1), b: normalSample(55, 0.5, 1, 2), d: 0.2431818181818182, p: 0.1072393983632806, method: 'exact' },
    { name: 'rounded (tied) 40 vs 55', a: normalSample(40, 0, 1, 3, 1), b: normalSample(55, 0.3, 1, 4, 1), d: 0.175, p: 0.42246532016101734, method: 'exact' },
    { name: 'equal sizes 30 vs 30', a: normalSample(30, 0, 1, 5), b: normalSample(30, 0.8, 1, 6), d: 0.4, p: 0.015643390496754332, method: 'exact' },
    { name: '1,000 vs 15,000 (asymptotic)', a: normalSample(1000, 0, 1, 9), b: normalSample(15000, 0.05, 1, 10), d: 0.03373333333333334, p: 0.23091841253515633, method: 'asymptotic' },
  ];
  for (const { name, a, b, d, p, method } of cases) {
    it(name, () => {
      const result = ksTwoSample(sampleOfNumbers(a), sampleOfNumbers(b));
      assert.equal(result.method, method);
      assert.ok(relativelyClose(result.statistic, d, 1e-12), `D ${result.statistic}`);
      assert.ok(relativelyClose(result.pValue, p, 1e-6), `p ${result.pValue}`);
    });
  }

  it('uses the asymptotic distribution for 20,000 rows per side, quickly', () => {
    const a = normalSample(20000, 0, 1, 7);
    const b = normalSample(20000, 0.02, 1, 8);
    const started = performance.now();
    const result = ksTwoSample(sampleOfNumbers(a), sampleOfNumbers(b));
    const elapsed = performance.now() - started;
    assert.equal(result.method, 'asymptotic');
    assert.ok(relativelyClose(result.statistic, 0.014949999999999963, 1e-12));
    assert.ok(relativelyClose(result.pValue, 0.022663654239425828, 1e-6), String(result.pValue));
    assert.ok(elapsed < 2000, `took ${elapsed} ms`);
  });

  it('switches to asymptotic above 10,000 values per sample, as method=auto does', () => {
    assert.equal(ksPValue(0.05, 10000, 300).method, 'exact');
    assert.equal(ksPValue(0.05, 10001, 300).method, 'asymptotic');
    assert.equal(ksPValue(0.05, 50, 60, 'asymptotic').method, 'asymptotic');
  });
});

// Expected values: scipy.stats.kstwo.sf(x, n), one case per branch of scipy's _kolmogn.
describe('kolmogorovSurvival against scipy.stats.kstwo.sf', () => {
  const cases: [number, number, number, string][] = [
    [5, 0.15, 0.9988, 'Ruben–Gambino, nx ≤ 1'],
    [10, 0.95, 1.9531250000000172e-13, 'Ruben–Gambino, nx ≥ n − 1'],
    [10, 0.6, 0.0005681672000000003, 'x ≥ 0.5: 2·smirnov'],
    [50, 0.1, 0.6623112704658186, 'n ≤ 140, Durbin matrix'],
    [50, 0.2, 0.03143877776953241, 'n ≤ 140, Pomeranz'],
    [50, 0.35, 5.573523514803185e-6, 'n ≤ 140, Miller'],
    [1000, 0.05, 0.013012074781090332, 'upper tail, 2·smirnov'],
    [1000, 0.01, 0.9999496745370611, 'Durbin matrix'],
    [1000, 0.03, 0.3226902143914636, 'Pelz–Good'],
    [500, 0.04, 0.3902508696049749, 'Pelz–Good'],
    [200000, 0.002, 0.39995085369038097, 'Pelz–Good, n > 100,000'],
  ];
  for (const [n, x, expected, branch] of cases) {
    it(`kstwo.sf(${x}, ${n}) (${branch})`, () => {
      const actual = kolmogorovSurvival(n, x);
      assert.ok(relativelyClose(actual, expected, 1e-8), `${actual} vs ${expected}`);
    });
  }

  it('is 0 far in the tail and 1 at or below 1/2n', () => {
    assert.equal(kolmogorovSurvival(10000, 0.2), 0);
    assert.equal(kolmogorovSurvival(1000, 0.7), 0);
    assert.equal(kolmogorovSurvival(100, 0.004), 1);
  });
});
