import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chiSquareSurvival, normalSurvival } from '../../../src/core/monitoring';
import { relativelyClose } from './fixtures';

// Expected values: scipy.stats.chi2.sf and scipy.stats.norm.sf (scipy 1.17.1).
describe('chiSquareSurvival', () => {
  const cases: [number, number, number][] = [
    [3.841458820694124, 1, 0.04999999999999989],
    [10, 5, 0.07523524614651217],
    [100, 80, 0.064570368921133],
    [0.5, 3, 0.9188914116546758],
    [3.1746031746031744, 5, 0.6730876006966301],
  ];
  for (const [x, df, expected] of cases) {
    it(`P(χ²(${df}) ≥ ${x}) = ${expected}`, () => {
      assert.ok(relativelyClose(chiSquareSurvival(x, df), expected, 1e-12), String(chiSquareSurvival(x, df)));
    });
  }

  it('is 1 at zero and 0 at infinity', () => {
    assert.equal(chiSquareSurvival(0, 4), 1);
    assert.equal(chiSquareSurvival(Infinity, 4), 0);
  });
});

describe('normalSurvival', () => {
  const cases: [number, number][] = [
    [1.959963984540054, 0.025],
    [0.3, 0.3820885778110474],
    [5, 2.866515718791933e-7],
    [10, 7.61985302416047e-24],
    [-1, 0.8413447460685429],
  ];
  for (const [z, expected] of cases) {
    it(`P(Z ≥ ${z}) = ${expected}`, () => {
      assert.ok(relativelyClose(normalSurvival(z), expected, 1e-12), String(normalSurvival(z)));
    });
  }
});
