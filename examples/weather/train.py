"""Weather classifier with scikit-learn, logged with the official mlflow client.

Run it from VS Code (Tasks: Run Task -> mlops: train (python)) or with
`mlops run --experiment weather -- python train.py`: mlops sets MLFLOW_TRACKING_URI,
MLFLOW_TRACKING_TOKEN and MLFLOW_RUN_ID, so mlflow.start_run() attaches to the tracked run.
Needs: pip install mlflow scikit-learn pandas
"""
import os

import mlflow
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

C = float(os.environ.get("MLOPS_PARAM_C", "1.0"))
MAX_ITER = int(os.environ.get("MLOPS_PARAM_MAX_ITER", "500"))

df = pd.read_csv(os.path.join(os.path.dirname(__file__), "data", "weather.csv")).sort_values("date")
df["month"] = pd.to_datetime(df["date"]).dt.month
features = ["precipitation", "temp_max", "temp_min", "wind", "month"]
cut = int(len(df) * 0.8)
train, valid = df.iloc[:cut], df.iloc[cut:]

with mlflow.start_run():
    mlflow.log_params({"C": C, "max_iter": MAX_ITER, "model": "logistic-regression"})
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=MAX_ITER))
    model.fit(train[features], train["weather"])
    probs = model.predict_proba(valid[features])
    mlflow.log_metric("val_accuracy", accuracy_score(valid["weather"], model.predict(valid[features])))
    mlflow.log_metric("val_loss", log_loss(valid["weather"], probs, labels=model.classes_))
    mlflow.sklearn.log_model(model, name="model")
