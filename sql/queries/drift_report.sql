-- A tumbling-window drift report per model and feature: the numbers the backfill job writes to feature_drift
-- (psi, ks_stat, ks_pvalue, ks_qvalue, wasserstein, mean_shift, std_shift, chi2_pvalue, drift_score, drift_level)
-- for the same 1-hour windows. Batch mode (the q-values need every feature of a window); replace the snapshot folder.
-- Needs: functions.sql and ddl/predictions_files.sql.
SET 'table.local-time-zone' = 'UTC';
SET 'execution.runtime-mode' = 'batch';

CREATE TEMPORARY VIEW feature_values AS
SELECT p.ts, p.model, f.feature, f.val
FROM predictions AS p CROSS JOIN UNNEST(p.features) AS f (feature, val)
WHERE p.model IS NOT NULL AND p.ts IS NOT NULL;

CREATE TEMPORARY VIEW feature_drift_1h AS
SELECT window_start, window_end, model, feature,
       COUNT(val) AS n_values,
       psi('/data/snapshots', model, feature, val) AS psi,
       ks_stat('/data/snapshots', model, feature, val) AS ks_stat,
       ks_pvalue('/data/snapshots', model, feature, val) AS ks_pvalue,
       wasserstein('/data/snapshots', model, feature, val) AS wasserstein,
       mean_shift('/data/snapshots', model, feature, val) AS mean_shift,
       std_shift('/data/snapshots', model, feature, val) AS std_shift,
       chi2_pvalue('/data/snapshots', model, feature, val) AS chi2_pvalue
FROM TABLE(TUMBLE(TABLE feature_values, DESCRIPTOR(ts), INTERVAL '1' HOUR))
GROUP BY window_start, window_end, model, feature;

-- Benjamini-Hochberg over the numeric features of each model and window: q_(i) = min over j >= i of p_(j) m / j.
CREATE TEMPORARY VIEW ks_ranked AS
SELECT model, window_end, feature, ks_pvalue,
       ROW_NUMBER() OVER (PARTITION BY model, window_end ORDER BY ks_pvalue) AS rn,
       COUNT(*) OVER (PARTITION BY model, window_end) AS m
FROM feature_drift_1h
WHERE ks_pvalue IS NOT NULL;

CREATE TEMPORARY VIEW ks_qvalues AS
SELECT model, window_end, feature,
       LEAST(1.0, MIN(ks_pvalue * m / rn) OVER (PARTITION BY model, window_end ORDER BY rn DESC
                                              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)) AS ks_qvalue
FROM ks_ranked;

SELECT d.window_start, d.window_end, d.model, d.feature, d.n_values,
       d.psi, d.ks_stat, d.ks_pvalue, q.ks_qvalue, d.wasserstein, d.mean_shift, d.std_shift, d.chi2_pvalue,
       CASE WHEN d.ks_stat IS NULL THEN drift_score(d.psi, d.chi2_pvalue)
            ELSE drift_score(d.psi, q.ks_qvalue, d.mean_shift, d.std_shift) END AS drift_score,
       CASE WHEN d.ks_stat IS NULL THEN drift_level(d.psi, d.chi2_pvalue)
            ELSE drift_level(d.psi, q.ks_qvalue, d.mean_shift, d.std_shift) END AS drift_level
FROM feature_drift_1h AS d
LEFT JOIN ks_qvalues AS q ON d.model = q.model AND d.window_end = q.window_end AND d.feature = q.feature
ORDER BY d.model, d.window_end, d.feature;
