/** Headline metrics published as CI step outputs (metric name → output name): the evaluate action and the pipeline. */
export const EVALUATE_METRIC_OUTPUTS: Readonly<Record<string, string>> = {
  accuracy: 'accuracy',
  balanced_accuracy: 'balanced-accuracy',
  f1_macro: 'f1-macro',
  f1_weighted: 'f1-weighted',
  log_loss: 'log-loss',
  roc_auc: 'roc-auc',
  pr_auc: 'pr-auc',
  roc_auc_ovr: 'roc-auc-ovr',
  mae: 'mae',
  rmse: 'rmse',
  r2: 'r2',
  mape: 'mape',
  rows: 'rows',
  latency_ms_p95: 'latency-ms-p95',
};
