package dev.tousei.evidence.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time (and resident memory) from /proc, per group of processes (the collector, PostgreSQL, Kafka, Keycloak, this driver, the rest)
 * and for the whole machine, so a window's CPU can be split by who used it. Linux only.
 */
public final class CpuMeter {

    /** USER_HZ: 100 on every mainstream Linux build. */
    public static final double TICKS_PER_SECOND = 100.0;

    /** Ticks per live process and its group; processes that exit between two snapshots are not counted. */
    record Snapshot(long nanos, Map<Long, Long> ticks, Map<Long, String> groupOf, long machineBusy, long machineTotal,
                    Map<Long, Long> otherTicks, Map<Long, String> otherNames) {
    }

    private final long collectorPid;
    private final long selfPid = ProcessHandle.current().pid();

    CpuMeter(long collectorPid) {
        this.collectorPid = collectorPid;
    }

    Snapshot snapshot() {
        Map<Long, Long> ticks = new java.util.HashMap<>();
        Map<Long, String> groups = new java.util.HashMap<>();
        Map<Long, Long> otherTicks = new java.util.HashMap<>();
        Map<Long, String> otherNames = new java.util.HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                long[] stat = stat(pid);
                if (stat == null) {
                    continue;
                }
                String group = groupOf(pid, process);
                ticks.put(pid, stat[0] + stat[1]);
                groups.put(pid, group);
                if ("other".equals(group)) {
                    otherTicks.put(pid, stat[0] + stat[1]);
                    String command = cmdline(process).trim();
                    otherNames.put(pid, command.length() > 90 ? command.substring(0, 90) : command);
                }
            }
        } catch (IOException e) {
            // partial snapshot
        }
        long busy = 0;
        long total = 0;
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                long value = Long.parseLong(cpu[i]);
                total += value;
                if (i != 4 && i != 5) { // idle, iowait
                    busy += value;
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return new Snapshot(System.nanoTime(), ticks, groups, busy, total, otherTicks, otherNames);
    }

    private String groupOf(long pid, Path process) {
        if (pid == collectorPid) {
            return "collector";
        }
        if (pid == selfPid) {
            return "driver";
        }
        String command = cmdline(process);
        if (command.startsWith("postgres") || command.contains("/postgresql/") && command.contains("bin/postgres")) {
            return "postgres";
        }
        if (command.contains("kafka.Kafka")) {
            return "kafka";
        }
        if (command.contains("keycloak")) {
            return "keycloak";
        }
        if (command.contains("sun.tools.jcmd") || command.startsWith("jcmd ")) {
            return "driver"; // the profiler's jcmd calls
        }
        return "other";
    }

    private static String cmdline(Path process) {
        try {
            return new String(Files.readAllBytes(process.resolve("cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** utime and stime in ticks, or null if the process is gone. */
    public static long[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state); utime is field 14, stime field 15
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** VmHWM (peak resident set) and VmRSS in kB, from /proc/<pid>/status; -1 each if the process is gone. */
    public static long[] memoryKb(long pid) {
        long hwm = -1;
        long rss = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return new long[] {hwm, rss};
    }

    /**
     * Share of one core that processes outside the benchmark (not the collector, PostgreSQL, Kafka, Keycloak or this
     * driver) used between the snapshots, with the busiest of them; a busy machine spoils the figures.
     */
    static String others(Snapshot from, Snapshot to, double[] share) {
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        long total = 0;
        java.util.List<Map.Entry<Long, Long>> deltas = new java.util.ArrayList<>();
        for (var entry : to.otherTicks().entrySet()) {
            long delta = entry.getValue() - from.otherTicks().getOrDefault(entry.getKey(), 0L);
            total += delta;
            deltas.add(Map.entry(entry.getKey(), delta));
        }
        share[0] = total / TICKS_PER_SECOND / seconds;
        deltas.sort(Map.Entry.<Long, Long>comparingByValue().reversed());
        StringBuilder text = new StringBuilder();
        for (var entry : deltas.subList(0, Math.min(3, deltas.size()))) {
            if (entry.getValue() > 0) {
                text.append(String.format("%n      pid %d %.0f %%: %s", entry.getKey(),
                        100 * entry.getValue() / TICKS_PER_SECOND / seconds, to.otherNames().get(entry.getKey())));
            }
        }
        return text.toString();
    }

    /** A line per group: CPU seconds in the window and the share of one core; then the machine's utilisation. */
    static String describe(Snapshot from, Snapshot to) {
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        Map<String, Long> byGroup = new LinkedHashMap<>();
        for (String group : List.of("collector", "postgres", "kafka", "keycloak", "driver", "other")) {
            byGroup.put(group, 0L);
        }
        for (var entry : to.ticks().entrySet()) {
            long delta = entry.getValue() - from.ticks().getOrDefault(entry.getKey(), 0L);
            byGroup.merge(to.groupOf().get(entry.getKey()), Math.max(0, delta), Long::sum);
        }
        StringBuilder text = new StringBuilder();
        for (var entry : byGroup.entrySet()) {
            double cpu = entry.getValue() / TICKS_PER_SECOND;
            text.append(String.format("    %-10s %8.1f s CPU  = %5.0f %% of one core%n", entry.getKey(), cpu,
                    100 * cpu / seconds));
        }
        long total = to.machineTotal() - from.machineTotal();
        long busy = to.machineBusy() - from.machineBusy();
        int cores = Runtime.getRuntime().availableProcessors();
        if (total > 0) {
            text.append(String.format("    machine    %5.0f %% busy of %d cores over %.1f s%n", 100.0 * busy / total,
                    cores, seconds));
        }
        return text.toString();
    }
}
