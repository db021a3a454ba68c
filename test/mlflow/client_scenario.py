"""A training script as users write it, with the real MLflow client, against MLFLOW_TRACKING_URI.

Usage: python3 client_scenario.py MODEL.onnx DATA.csv
Every step is checked with the client's own answers; the script never stops at the first failure.
Prints one JSON line last: {"checks": [{"name", "ok", "detail"}], "ids": {...}} for the Node side,
which checks the same facts against the runtime's REST answers.
"""

import json
import os
import sys
import tempfile
import traceback

import mlflow
import pandas as pd
from mlflow import MlflowClient

MODEL, DATA = sys.argv[1], sys.argv[2]
checks = []
ids = {}


def check(name, fn):
    try:
        result = fn()
        ok = result is None or result is True
        checks.append({"name": name, "ok": ok, "detail": "" if ok else repr(result)[:400]})
    except Exception as e:  # noqa: BLE001 - every failure is reported, the scenario goes on
        last = traceback.format_exc().strip().splitlines()[-1]
        checks.append({"name": name, "ok": False, "detail": ("%s: %s" % (type(e).__name__, e))[:400] or last})


def expect(actual, wanted):
    return True if actual == wanted else "expected %r, got %r" % (wanted, actual)


client = MlflowClient()


MLMODEL = """artifact_path: model
flavors:
  onnx:
    data: model.onnx
    onnx_version: 1.16.0
    providers: [CPUExecutionProvider]
  python_function:
    data: model.onnx
    loader_module: mlflow.onnx
    python_version: 3.11.7
mlflow_version: 3.6.0
"""


def model_folder():
    """What mlflow.onnx.log_model writes: the model and its MLmodel (the onnx package is not needed)."""
    folder = tempfile.mkdtemp(prefix="compat-model-src-")
    with open(MODEL, "rb") as src, open(os.path.join(folder, "model.onnx"), "wb") as dst:
        dst.write(src.read())
    with open(os.path.join(folder, "MLmodel"), "w") as f:
        f.write(MLMODEL)
    return folder


def train():
    exp = mlflow.set_experiment("compat-scenario")
    ids["experiment_id"] = exp.experiment_id
    with mlflow.start_run(run_name="compat-train") as run:
        ids["run_id"] = run.info.run_id
        check("log_param / log_params", lambda: (mlflow.log_param("lr", 0.1), mlflow.log_params({"depth": 3, "model": "tree"})) and None)
        check("log_metric with steps", lambda: [mlflow.log_metric("loss", 1.0 / (s + 1), step=s) for s in range(5)] and None)
        check("log_metrics", lambda: mlflow.log_metrics({"accuracy": 0.91, "f1": 0.88}))
        check("set_tag / set_tags", lambda: (mlflow.set_tag("team", "compat"), mlflow.set_tags({"stage": "test"})) and None)
        check("log_artifacts (ONNX model folder with MLmodel)", lambda: mlflow.log_artifacts(model_folder(), artifact_path="model"))
        check("log_text", lambda: mlflow.log_text("hello from the compat scenario\n", "notes/readme.txt"))
        check("log_dict", lambda: mlflow.log_dict({"classes": ["a", "b"]}, "config.json"))
        frame = pd.read_csv(DATA)
        dataset = mlflow.data.from_pandas(frame, source=DATA, name="train", targets="y")
        ids["dataset_digest"] = dataset.digest
        check("log_input (pandas dataset)", lambda: mlflow.log_input(dataset, context="training"))


def registry():
    run_id = ids["run_id"]
    name = "compat-model"
    ids["model_name"] = name

    def register():
        mv = mlflow.register_model("runs:/%s/model" % run_id, name)
        return expect((mv.version, mv.run_id), ("1", run_id))

    def create_version():
        source = "%s/model/model.onnx" % client.get_run(run_id).info.artifact_uri
        mv = client.create_model_version(name, source, run_id=run_id)
        return expect((mv.version, mv.source), ("2", source))

    check("register_model (runs:/RUN/model)", register)
    check("create_model_version (artifact file source)", create_version)
    check("set_registered_model_alias", lambda: client.set_registered_model_alias(name, "candidate", "1"))
    check("get_model_version_by_alias", lambda: expect(client.get_model_version_by_alias(name, "candidate").version, "1"))
    check("search_registered_models", lambda: expect([m.name for m in client.search_registered_models()], [name]))
    check("search_model_versions", lambda: expect(sorted(v.version for v in client.search_model_versions("name='%s'" % name)), ["1", "2"]))
    check("update_model_version description", lambda: expect(client.update_model_version(name, "1", description="first").description, "first"))


def reads():
    run_id, exp_id = ids["run_id"], ids["experiment_id"]

    def search_runs():
        df = mlflow.search_runs([exp_id], filter_string="metrics.loss < 0.5 and params.lr = '0.1'", order_by=["metrics.accuracy DESC"])
        return expect(list(df["run_id"]), [run_id])

    def search_runs_attribute():
        runs = client.search_runs([exp_id], "attributes.status = 'FINISHED' and tags.team = 'compat'")
        return expect([r.info.run_id for r in runs], [run_id])

    def history():
        return expect([(m.step, round(m.value, 4)) for m in client.get_metric_history(run_id, "loss")], [(s, round(1.0 / (s + 1), 4)) for s in range(5)])

    def run_facts():
        run = client.get_run(run_id)
        got = (run.info.status, run.data.params.get("lr"), run.data.metrics.get("accuracy"), run.data.tags.get("team"), run.info.run_name)
        return expect(got, ("FINISHED", "0.1", 0.91, "compat", "compat-train"))

    def run_inputs():
        inputs = client.get_run(run_id).inputs.dataset_inputs
        return expect([(d.dataset.name, d.dataset.digest) for d in inputs], [("train", ids["dataset_digest"])])

    def list_artifacts():
        return expect(sorted(f.path for f in client.list_artifacts(run_id)), ["config.json", "model", "notes"])

    def download_artifact():
        dst = tempfile.mkdtemp(prefix="compat-dl-")
        path = client.download_artifacts(run_id, "model/model.onnx", dst)
        return expect(open(path, "rb").read(), open(MODEL, "rb").read())

    def download_model():
        dst = tempfile.mkdtemp(prefix="compat-model-")
        path = mlflow.artifacts.download_artifacts("models:/%s@candidate" % ids["model_name"], dst_path=dst)
        files = [os.path.join(r, f) for r, _, fs in os.walk(path) for f in fs] if os.path.isdir(path) else [path]
        return expect([open(f, "rb").read() for f in files if f.endswith(".onnx")], [open(MODEL, "rb").read()])

    check("search_runs (metric + param filter, order_by)", search_runs)
    check("search_runs (attribute + tag filter)", search_runs_attribute)
    check("get_metric_history", history)
    check("get_run (status, params, metrics, tags, name)", run_facts)
    check("get_run inputs (dataset digest)", run_inputs)
    check("list_artifacts", list_artifacts)
    check("download_artifacts (run)", download_artifact)
    check("download_artifacts (models:/name@alias)", download_model)
    check("get_experiment_by_name", lambda: expect(client.get_experiment_by_name("compat-scenario").experiment_id, exp_id))


for part in (train, registry, reads):
    check("scenario part: " + part.__name__, part)
print(json.dumps({"checks": checks, "ids": ids}))
