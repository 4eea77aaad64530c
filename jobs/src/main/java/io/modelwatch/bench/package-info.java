/**
 * The benchmarks behind {@code modelwatch bench} (docs/bench.md): they run the shipped jobs on generated data and
 * print figures. Not part of any job: only {@code cli.BenchCommand} reaches this package, and no job package
 * depends on it; it ships in the jar so that a deployment can measure itself with the same binary.
 */
package io.modelwatch.bench;
