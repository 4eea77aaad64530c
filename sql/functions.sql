-- The modelwatch drift functions, from the same drift code as the jobs (docs/sql.md).
-- Build the jar with `mvn -B -DskipTests package` (sql/target/modelwatch-sql.jar) and copy it where the SQL
-- client and the cluster can read it; replace the path below. Then, in the SQL client:
--   sql-client.sh -i sql/functions.sql -i sql/ddl/predictions_files.sql -f sql/queries/drift_report.sql
--
-- Aggregates over a group of rows (a window of one model and one feature), against the reference snapshot
-- that `modelwatch reference` wrote: f(snapshot_folder, model, feature, value) or f(snapshot_file, feature, value).
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS psi AS 'io.modelwatch.sql.PsiFunction' LANGUAGE JAVA USING JAR '/opt/modelwatch/modelwatch-sql.jar';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS ks_stat AS 'io.modelwatch.sql.KsStatFunction' LANGUAGE JAVA USING JAR '/opt/modelwatch/modelwatch-sql.jar';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS ks_pvalue AS 'io.modelwatch.sql.KsPvalueFunction' LANGUAGE JAVA USING JAR '/opt/modelwatch/modelwatch-sql.jar';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS wasserstein AS 'io.modelwatch.sql.WassersteinFunction' LANGUAGE JAVA USING JAR '/opt/modelwatch/modelwatch-sql.jar';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS mean_shift AS 'io.modelwatch.sql.MeanShiftFunction' LANGUAGE JAVA USING JAR '/opt/modelwatch/modelwatch-sql.jar';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS std_shift AS 'io.modelwatch.sql.StdShiftFunction' LANGUAGE JAVA USING JAR '/opt/modelwatch/modelwatch-sql.jar';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS chi2_pvalue AS 'io.modelwatch.sql.Chi2PvalueFunction' LANGUAGE JAVA USING JAR '/opt/modelwatch/modelwatch-sql.jar';
-- Scalars: drift_score(psi, ks_qvalue, mean_shift, std_shift) / drift_score(psi, chi2_pvalue), and drift_level
-- (high / medium / low) with the same arguments or a score.
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS drift_score AS 'io.modelwatch.sql.DriftScoreFunction' LANGUAGE JAVA USING JAR '/opt/modelwatch/modelwatch-sql.jar';
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS drift_level AS 'io.modelwatch.sql.DriftLevelFunction' LANGUAGE JAVA USING JAR '/opt/modelwatch/modelwatch-sql.jar';
-- nearest_rank(value, p): the nearest-rank percentile the serving figures use (exact; keeps the group's values).
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS nearest_rank AS 'io.modelwatch.sql.NearestRankFunction' LANGUAGE JAVA USING JAR '/opt/modelwatch/modelwatch-sql.jar';
