/** On-demand benchmarks of the control plane (run with the {@code bench} profile; not part of the tests). */
package io.tributary.cluster.bench;
