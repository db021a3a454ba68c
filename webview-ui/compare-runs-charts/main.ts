// The compare page's charts (see ../compare-runs/charts-loader.ts): loaded by the page, not by a panel.
import { MetricCharts, parallelChart, runColor, scatterChart } from '../compare-runs/charts';
import { publishCharts } from '../compare-runs/charts-loader';

publishCharts({ MetricCharts, parallelChart, runColor, scatterChart });
