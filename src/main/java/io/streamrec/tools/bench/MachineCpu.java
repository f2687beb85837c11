package io.streamrec.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds the whole machine has been busy (Linux {@code /proc/stat}; NaN elsewhere). Over a step, minus the
 * app's, the broker's and the bench's own, it shows how much other work shared the machine with the measurement.
 */
final class MachineCpu {
    /** USER_HZ: /proc/stat counts in these ticks on every Linux architecture that matters here. */
    private static final double TICKS_PER_SECOND = 100;

    private MachineCpu() {
    }

    static double busySeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException unavailable) {
            return Double.NaN;
        }
    }
}
