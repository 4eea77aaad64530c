/**
 * Drift no single feature shows (contract section 3d): the joint row sample of the reference (2b), its PCA
 * and the per-record reconstruction error (as NannyML's data reconstruction), and embedding features
 * (arrays of numbers) summarised by their centroid (as Arize Phoenix's centroid distance). Plain Java, no
 * Flink: the jobs fold records into the partials here and write the figures.
 */
package io.modelwatch.multivariate;
