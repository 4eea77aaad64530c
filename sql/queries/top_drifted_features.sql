-- The ten most drifted features of each model and day (PSI over the whole day against the reference), with the
-- day's KS statistic and Wasserstein distance. Batch mode; replace the snapshot folder.
-- Needs: functions.sql and ddl/predictions_files.sql.
SET 'table.local-time-zone' = 'UTC';
SET 'execution.runtime-mode' = 'batch';

CREATE TEMPORARY VIEW daily_drift AS
SELECT window_start AS day_start, model, f.feature,
       psi('/data/snapshots', model, f.feature, f.val) AS psi,
       ks_stat('/data/snapshots', model, f.feature, f.val) AS ks_stat,
       wasserstein('/data/snapshots', model, f.feature, f.val) AS wasserstein,
       COUNT(f.val) AS n_values
FROM TABLE(TUMBLE(TABLE predictions, DESCRIPTOR(ts), INTERVAL '1' DAY)) AS p
CROSS JOIN UNNEST(p.features) AS f (feature, val)
WHERE p.model IS NOT NULL
GROUP BY window_start, model, f.feature;

SELECT day_start, model, feature, psi, ks_stat, wasserstein, n_values, rank_in_day
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY day_start, model ORDER BY psi DESC) AS rank_in_day
  FROM daily_drift
  WHERE psi IS NOT NULL
)
WHERE rank_in_day <= 10
ORDER BY day_start, model, rank_in_day;
