// The compare page's chart code (chart.js, most of its bytes) is a bundle of its own,
// dist/webview/compare-runs-charts.js: the page fetches it beside the data and draws the tables
// without waiting for it.
import type * as Charts from './charts';

export type ChartsModule = typeof Charts;

const LOADED = 'mlops-compare-charts';

interface WithCharts {
  mlopsCompareCharts?: ChartsModule;
}

/** In the charts bundle: hands its exports to the page. */
export function publishCharts(module: ChartsModule): void {
  (window as unknown as WithCharts).mlopsCompareCharts = module;
  window.dispatchEvent(new Event(LOADED));
}

/**
 * In the page, while its own script runs: calls `onLoad` once the charts bundle ran. The panel's
 * HTML fetches it beside the page's script (it may run first); a page without it gets it added
 * beside its own script (document.currentScript), under the same nonce. A page evaluated without
 * a script element (a test) gets its charts when the test evaluates the bundle.
 */
export function loadCharts(onLoad: (module: ChartsModule) => void): void {
  const ran = (window as unknown as WithCharts).mlopsCompareCharts;
  if (ran) return onLoad(ran);
  window.addEventListener(LOADED, () => onLoad((window as unknown as WithCharts).mlopsCompareCharts!), { once: true });
  const self = document.currentScript as HTMLScriptElement | null;
  if (!self?.src || document.querySelector('script[src*="compare-runs-charts.js"]')) return;
  const script = document.createElement('script');
  script.src = self.src.replace(/compare-runs\.js(?=[?#]|$)/, 'compare-runs-charts.js');
  script.nonce = self.nonce;
  script.async = true;
  document.head.append(script);
}
