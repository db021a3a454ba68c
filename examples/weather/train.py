# Weather classifier with scikit-learn, logged with the official mlflow client (pip install mlflow scikit-learn
# pandas). Run the task "mlops: train (python)" or `mlops run --experiment weather -p C=0.5 -- python3 train.py`:
# mlops sets MLFLOW_TRACKING_URI, _TOKEN and MLFLOW_RUN_ID, so mlflow.start_run() attaches to the tracked run.
# Same data, features and time split as train.js; holdout/weather.csv is never read here.
import os
import mlflow, mlflow.sklearn
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

FEATURES = ["precipitation", "temp_max", "temp_min", "wind", "month_sin", "month_cos"]
C, MAX_ITER = float(os.environ.get("MLOPS_PARAM_C", "1.0")), int(os.environ.get("MLOPS_PARAM_MAX_ITER", "500"))
df = pd.read_csv(os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "weather.csv"))
df = df.dropna(subset=FEATURES + ["weather"]).sort_values("date", kind="stable")
train, valid = df.iloc[: int(len(df) * 0.8)], df.iloc[int(len(df) * 0.8) :]  # the last fifth of the days validates


def log_validation(model):
    mlflow.log_metric("val_accuracy", accuracy_score(valid["weather"], model.predict(valid[FEATURES])))
    mlflow.log_metric("val_loss", log_loss(valid["weather"], model.predict_proba(valid[FEATURES]), labels=model.classes_))


if not os.environ.get("MLFLOW_RUN_ID"):
    mlflow.set_experiment("weather")
with mlflow.start_run():
    mlflow.log_params({"C": C, "max_iter": MAX_ITER, "model": "logistic-regression", "features": ",".join(FEATURES), "train_rows": len(train)})
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=MAX_ITER))
    model.fit(train[FEATURES], train["weather"])
    log_validation(model)
    mlflow.sklearn.log_model(model, "model")
