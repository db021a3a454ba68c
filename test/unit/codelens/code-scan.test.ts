import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CodeDialect } from '../../../src/extension/codelens/code-scan';
import { dialectOf, findMetricSites } from '../../../src/extension/codelens/code-scan';

/** The keys found, each with the text of its line from the lens position on. */
function sites(text: string, dialect: CodeDialect): [string, number, string][] {
  return findMetricSites(text, dialect).map((s) => {
    const line = text.slice(0, s.offset).split('\n').length - 1;
    const rest = text.slice(s.offset);
    return [s.key, line, rest.slice(0, rest.indexOf('\n') < 0 ? undefined : rest.indexOf('\n'))];
  });
}

const keys = (text: string, dialect: CodeDialect): string[] => findMetricSites(text, dialect).map((s) => s.key);

describe('metric sites in Python', () => {
  it('finds log_metric on any receiver, with double or single quotes, the lens on the call name', () => {
    const text = ['import mlflow', 'mlflow.log_metric("accuracy", acc)', "client.log_metric('loss', loss, step=3)", 'log_metric("f1", f1)', 'tracking.MlflowClient().log_metric(run_id, "x", 1)'].join('\n');
    assert.deepEqual(sites(text, 'python'), [
      ['accuracy', 1, 'log_metric("accuracy", acc)'],
      ['loss', 2, "log_metric('loss', loss, step=3)"],
      ['f1', 3, 'log_metric("f1", f1)'],
    ]);
  });

  it('reads key= keyword arguments and calls spread over several lines', () => {
    const text = 'mlflow.log_metric(key="val_loss", value=v)\nmlflow.log_metric(\n    # the headline\n    "val_accuracy",\n    va,\n)\n';
    assert.deepEqual(sites(text, 'python'), [
      ['val_loss', 0, 'log_metric(key="val_loss", value=v)'],
      ['val_accuracy', 1, 'log_metric('],
    ]);
  });

  it('skips f-strings and variables: the key is not known before the run', () => {
    assert.deepEqual(keys('mlflow.log_metric(f"acc_{fold}", acc)\nmlflow.log_metric(name, v)\nmlflow.log_metric(rf"x{i}", v)\n', 'python'), []);
  });

  it('accepts raw and byte-free prefixes that are still literal', () => {
    assert.deepEqual(keys('mlflow.log_metric(r"a\\b", 1)\nmlflow.log_metric(u"plain", 1)', 'python'), ['a\\b', 'plain']);
  });

  it('ignores comments, docstrings and other strings that mention the call', () => {
    const text = [
      '"""Example:',
      '    mlflow.log_metric("in_docstring", 1)',
      '"""',
      '# mlflow.log_metric("commented", 1)',
      'x = "mlflow.log_metric(\'in_string\', 1)"',
      'def log_metric(key, value):',
      '    pass',
      'mlflow.log_metric("real", 1)  # log_metric("trailing", 2)',
    ].join('\n');
    assert.deepEqual(keys(text, 'python'), ['real']);
  });

  it('gives one site per literal key of log_metrics, on the key', () => {
    const text = 'mlflow.log_metrics({"loss": l, \'acc\': a, f"x_{i}": 1, name: 2, "nested": {"no": 1}[k], "last": max(a, b)})\n';
    assert.deepEqual(
      findMetricSites(text, 'python').map((s) => [s.key, text.slice(s.offset, s.offset + 4)]),
      [['loss', 'loss'], ['acc', "acc'"], ['nested', 'nest'], ['last', 'last']],
    );
  });

  it('reads a multi-line log_metrics dict, with comments, and dict(...) keywords', () => {
    const text = [
      'mlflow.log_metrics(',
      '    {',
      '        "train_loss": tl,  # per batch',
      '        # "skipped": 0,',
      '        "val_loss": vl,',
      '    },',
      '    step=epoch,',
      ')',
      'mlflow.log_metrics(dict(precision=p, recall=r), step=1)',
    ].join('\n');
    assert.deepEqual(sites(text, 'python'), [
      ['train_loss', 2, 'train_loss": tl,  # per batch'],
      ['val_loss', 4, 'val_loss": vl,'],
      ['precision', 8, 'precision=p, recall=r), step=1)'],
      ['recall', 8, 'recall=r), step=1)'],
    ]);
  });

  it('finds stdout protocol lines inside print, f-strings included, but not in other strings', () => {
    const text = [
      'print(f"mlops:metric loss={loss:.4f} accuracy={acc} step={epoch}")',
      'print("mlops:metric rmse=%f" % rmse)',
      'print("epoch done\\nmlops:metric mae=" + str(mae))',
      'sys.stdout.write(f"mlops:metric r2={r2}\\n")',
      'doc = "mlops:metric not_printed=1"',
      'print("mlops:param lr=0.1")',
    ].join('\n');
    assert.deepEqual(keys(text, 'python'), ['loss', 'accuracy', 'rmse', 'mae', 'r2']);
  });

  it('survives an unterminated string and a half-typed call', () => {
    assert.deepEqual(keys('x = "open\nmlflow.log_metric("after", 1)\nmlflow.log_metrics({"a": 1,\n', 'python'), ['after', 'a']);
  });
});

describe('metric sites in JavaScript and TypeScript', () => {
  it('maps VS Code language ids to a dialect', () => {
    assert.equal(dialectOf('python'), 'python');
    for (const id of ['javascript', 'typescript', 'javascriptreact', 'typescriptreact']) assert.equal(dialectOf(id), 'js');
    assert.equal(dialectOf('yaml'), undefined);
  });

  it("finds the client's run.logMetric and logMetrics, object keys quoted, bare and shorthand", () => {
    const text = [
      "const run = await startRun({ experiment: 'weather' });",
      "run.logMetric('loss', 0.42, 3);",
      'run.logMetric("acc", acc);',
      'run.logMetric(`f1`, f1);',
      'run.logMetrics({ val_loss: v.loss, "val_accuracy": v.accuracy, lr, ...extra, [computed]: 1, nested: { inner: 1 } }, epoch);',
      'mlflow.log_metric("py_style", 1);',
    ].join('\n');
    assert.deepEqual(keys(text, 'js'), ['loss', 'acc', 'f1', 'val_loss', 'val_accuracy', 'lr', 'nested', 'py_style']);
  });

  it('skips template literals with ${}, definitions and comments', () => {
    const text = [
      'run.logMetric(`acc_${fold}`, acc);',
      'logMetric(key: string, value: number, step = 0): void {}',
      '// run.logMetric("line_comment", 1)',
      '/* run.logMetric("block",',
      '   1) */',
      "const s = 'run.logMetric(\"in_string\", 1)';",
      'const re = /logMetric\\("in_regex"/;',
      "run.logMetric('real', 1);",
    ].join('\n');
    assert.deepEqual(keys(text, 'js'), ['real']);
  });

  it('reads a multi-line logMetrics object with a comment', () => {
    const text = 'run.logMetrics(\n  {\n    loss: t.loss, // train\n    accuracy: t.accuracy,\n  },\n  epoch,\n);\n';
    assert.deepEqual(sites(text, 'js'), [
      ['loss', 2, 'loss: t.loss, // train'],
      ['accuracy', 3, 'accuracy: t.accuracy,'],
    ]);
  });

  it('finds stdout protocol lines in console.log, templates included', () => {
    const text = [
      'console.log(`mlops:metric loss=${loss.toFixed(4)} accuracy=${acc} step=${epoch}`);',
      "console.log('mlops:metric rmse=' + rmse);",
      'process.stdout.write(`epoch ${e}\\nmlops:metric mae=${mae}\\n`);',
      "const help = 'mlops:metric not_logged=1';",
      'console.log(`epoch ${e}: loss=${loss}`);',
    ].join('\n');
    assert.deepEqual(keys(text, 'js'), ['loss', 'accuracy', 'rmse', 'mae']);
  });

  it('tells a division from a regular expression', () => {
    const text = "const half = total / 2; const r = a / b / c;\nrun.logMetric('after_division', half);\nconst re = /'/; run.logMetric('after_regex', 1);";
    assert.deepEqual(keys(text, 'js'), ['after_division', 'after_regex']);
  });
});
