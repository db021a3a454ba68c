/** What to add to mlops.yaml so a monitor can retrain, for error messages. */
export function retrainConfigHint(monitor: string): string {
  return `add to monitor ${monitor} in mlops.yaml: retrain: {command: "node train.js", policy: ask, alias: champion, validation: {data: data/holdout.csv, label: LABEL_COLUMN}}`;
}
