package dev.tousei.assessment.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tousei.events.assessment.ControlStatusChanged;
import dev.tousei.events.catalog.ControlChanged;
import dev.tousei.events.catalog.ControlSnapshot;
import dev.tousei.events.catalog.ControlSnapshot.AssessmentMode;
import dev.tousei.events.catalog.ControlSnapshot.ControlKind;
import dev.tousei.events.catalog.ControlSnapshot.Responsibility;
import dev.tousei.events.catalog.ControlSnapshot.ResponsibilityMark;
import dev.tousei.events.catalog.ControlSnapshot.Severity;
import dev.tousei.events.catalog.EvidenceRule.Effect;
import dev.tousei.events.catalog.EvidenceRule.Escalation;
import dev.tousei.events.catalog.EvidenceRule.Scope;
import dev.tousei.events.evidence.ControlEffect;
import dev.tousei.events.evidence.EvidenceRecorded;
import dev.tousei.events.evidence.EvidenceSummary;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Latency of the packaged assessment-service: from an evidence-recorded event entering Kafka to the
 * control-status-changed CloudEvent leaving it, at a fixed rate. Each evidence flips one account's control
 * (FAIL, PASS, FAIL, … on one trail), so every evidence must produce exactly one status change naming it; the benchmark
 * matches changes to evidence by those ids.
 *
 * <p>Runs the service as a child process on its own topics, consumer group and port, against database
 * {@code assessment_test}. Not a test: it prints figures. Options: {@code --rate} events/s (200), {@code --seconds}
 * measured (30), {@code --warmup-seconds} (10), {@code --accounts} (50), {@code --heap} (192m), {@code --jar},
 * {@code --port} (18183).
 */
public final class StatusLatencyBenchmark {

    private static final String BOOTSTRAP = System.getProperty("bench.bootstrap", "127.0.0.1:9092");
    private static final String CONTROL = "bench-sec04-bp01";
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final Map<String, String> options;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String evidenceTopic = "bench.evidence.evidence-recorded." + run;
    private final String catalogTopic = "bench.catalog.control-changed." + run;
    private final String statusTopic = "bench.assessment.control-status-changed." + run;
    /** The evidence sent and not yet named by a status change. */
    private final Map<UUID, Sent> outstanding = new ConcurrentHashMap<>();
    /** Per account, how many evidence were sent: odd ones fail the control, even ones pass it again. */
    private final Map<String, Integer> flips = new ConcurrentHashMap<>();
    private final List<Long> measuredMicros = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong unmatched = new AtomicLong();
    private final AtomicBoolean consuming = new AtomicBoolean(true);

    private StatusLatencyBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        System.exit(new StatusLatencyBenchmark(options).run());
    }

    private int option(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
    }

    private int run() throws Exception {
        int rate = option("rate", 200);
        int seconds = option("seconds", 30);
        int warmup = option("warmup-seconds", 10);
        int accounts = option("accounts", 50);
        int port = option("port", 18183);
        Path jar = Path.of(options.getOrDefault("jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        log("run %s: %d evidence/s for %ds after %ds warm-up, %d accounts; %d cores", run, rate, seconds, warmup,
                accounts, Runtime.getRuntime().availableProcessors());

        publishCatalog();
        Process service = startService(jar, port);
        try {
            double ready = awaitReady(service, port);
            log("assessment-service ready after %.1f s (pid %d)", ready, service.pid());
            Thread consumer = new Thread(this::consumeStatusChanges, "status-consumer");
            consumer.start();
            List<String> accountIds = new ArrayList<>();
            for (int i = 0; i < accounts; i++) {
                accountIds.add(String.format("9%011d", Math.abs((run.hashCode() + i * 7919L) % 100_000_000_000L)));
            }
            long cpuBefore = cpuTicks(service.pid());
            long sent;
            try (KafkaProducer<String, String> producer = producer()) {
                sendAtRate(producer, accountIds, rate, warmup, false);
                awaitDrained(Duration.ofSeconds(30));
                // Evidence that arrived before the service had read the catalog changes nothing; forget it.
                int unansweredInWarmup = outstanding.size();
                outstanding.clear();
                log("warm-up: %d evidence unanswered (sent before the catalog was read)", unansweredInWarmup);
                measuredMicros.clear();
                unmatched.set(0);
                cpuBefore = cpuTicks(service.pid());
                long started = System.nanoTime();
                sent = sendAtRate(producer, accountIds, rate, seconds, true);
                awaitDrained(Duration.ofSeconds(30));
                double elapsed = (System.nanoTime() - started) / 1e9;
                double cpuSeconds = (cpuTicks(service.pid()) - cpuBefore) / 100.0;
                report(rate, seconds, sent, elapsed, cpuSeconds, residentMegabytes(service.pid()), ready);
            }
            consuming.set(false);
            consumer.join(5_000);
            long missing = outstanding.size();
            boolean pass = missing == 0 && unmatched.get() == 0 && measuredMicros.size() == sent;
            System.out.printf("  checks: every evidence answered by one status change naming it: %s (unanswered %d, "
                    + "changes naming no outstanding evidence %d)%nRESULT: %s%n", pass ? "PASS" : "FAIL",
                    missing, unmatched.get(), pass ? "PASS" : "FAIL");
            return pass ? 0 : 1;
        } finally {
            service.destroy();
            service.waitFor();
        }
    }

    /** Sends at a fixed rate for the given time; each evidence flips its account's control. */
    private long sendAtRate(KafkaProducer<String, String> producer, List<String> accounts, int rate, int seconds,
                            boolean measured) throws Exception {
        long total = (long) rate * seconds;
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String account = accounts.get((int) (i % accounts.size()));
            boolean fail = flips.merge(account, 1, Integer::sum) % 2 == 1;
            EvidenceRecorded evidence = evidence(account, fail);
            String value = JSON.writeValueAsString(evidence);
            outstanding.put(evidence.evidenceId(), new Sent(System.nanoTime(), measured));
            producer.send(new ProducerRecord<>(evidenceTopic, account, value));
        }
        producer.flush();
        return total;
    }

    private void consumeStatusChanges() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-latency-" + run);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(statusTopic));
            while (consuming.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long arrived = System.nanoTime();
                    ControlStatusChanged change = JSON.readValue(record.value(), ControlStatusChanged.class);
                    boolean named = false;
                    for (UUID evidenceId : change.evidenceIds()) {
                        Sent sent = outstanding.remove(evidenceId);
                        if (sent != null) {
                            named = true;
                            if (sent.measured()) {
                                measuredMicros.add((arrived - sent.nanos()) / 1_000);
                            }
                        }
                    }
                    if (!named) {
                        unmatched.incrementAndGet();
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable status event", e);
        }
    }

    private void awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (outstanding.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private void report(int rate, int seconds, long sent, double elapsed, double cpuSeconds, long rssMegabytes,
                        double ready) {
        long[] micros = measuredMicros.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%n==== assessment-service latency, run %s (2 cores shared with PostgreSQL, Kafka, Keycloak "
                + "and this driver) ====%n", run);
        System.out.printf("  load                      %d evidence/s for %d s = %,d evidence, each flipping a control "
                + "(%d status changes measured)%n", rate, seconds, sent, micros.length);
        System.out.printf("  evidence on Kafka → status-changed CloudEvent on Kafka: p50 %s  p95 %s  p99 %s  max %s%n",
                ms(micros, 0.50), ms(micros, 0.95), ms(micros, 0.99), micros.length == 0 ? "-" : fmt(micros[micros.length - 1]));
        System.out.printf("  service CPU               %.1f s over %.1f s = %.0f %% of one core; RSS %d MB; ready "
                + "after %.1f s%n", cpuSeconds, elapsed, 100 * cpuSeconds / elapsed, rssMegabytes, ready);
    }

    private static String ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return "-";
        }
        return fmt(sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)]);
    }

    private static String fmt(long micros) {
        return String.format("%.1f ms", micros / 1000.0);
    }

    private static EvidenceRecorded evidence(String account, boolean fail) {
        String trail = "arn:aws:cloudtrail:ap-northeast-1:" + account + ":trail/org-trail";
        String operation = fail ? "StopLogging" : "StartLogging";
        EvidenceSummary summary = new EvidenceSummary(6003, "API Activity", operation, "SUCCESS", null, false,
                new EvidenceSummary.Actor("IAMUser", "arn:aws:iam::" + account + ":user/ops", "ops", false, true),
                List.of(trail), null, null, null, false);
        Effect effect = fail ? Effect.FAIL : Effect.PASS;
        ControlEffect controlEffect = new ControlEffect(CONTROL, "bench-rule", effect, Scope.RESOURCE, trail,
                fail ? Escalation.ALERT : Escalation.NONE, operation + " on " + trail);
        Instant now = Instant.now();
        return new EvidenceRecorded(UUID.randomUUID(), account, 0, "bench", UUID.randomUUID().toString(),
                "AWS API Call via CloudTrail", "aws.cloudtrail", "ap-northeast-1", now, now, summary,
                List.of(controlEffect));
    }

    private void publishCatalog() throws Exception {
        ControlSnapshot control = new ControlSnapshot(CONTROL, "SEC4-1", List.of(), "aws-wa-security", null,
                ControlKind.REQUIREMENT, "ベンチマーク", "Benchmark",
                new Responsibility(ResponsibilityMark.INFORMATION, ResponsibilityMark.PRIMARY),
                AssessmentMode.AUTOMATED, "PT24H", Severity.HIGH, List.of(), List.of(), 0);
        ControlChanged change = new ControlChanged(UUID.randomUUID(), CONTROL, ControlChanged.ChangeKind.CREATED, 1,
                Instant.now(), "bench", control);
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(catalogTopic, CONTROL, JSON.writeValueAsString(change))).get();
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "0"); // the clock starts when the evidence is sent
        return new KafkaProducer<>(properties);
    }

    private Process startService(Path jar, int port) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no assessment-service jar at " + jar + " (build it first)");
        }
        Path work = Path.of("target", "bench", run);
        Files.createDirectories(work);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + options.getOrDefault("heap", "192m"), "-XX:+UseSerialGC",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"));
        String extraOptions = System.getenv().getOrDefault("SERVICE_JAVA_OPTS", "").strip();
        if (!extraOptions.isEmpty()) {
            command.addAll(List.of(extraOptions.split("\\s+"))); // e.g. a flight recording for profiling
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("assessment-service.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("ASSESSMENT_EVIDENCE_TOPIC", evidenceTopic);
        env.put("ASSESSMENT_EVIDENCE_DEAD_LETTER_TOPIC", "dlq.assessment-service." + evidenceTopic);
        env.put("ASSESSMENT_CATALOG_TOPIC", catalogTopic);
        env.put("ASSESSMENT_STATUS_TOPIC", statusTopic);
        env.put("MP_MESSAGING_INCOMING_EVIDENCE_RECORDED_GROUP_ID", "bench-assessment-" + run);
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:15432/assessment_test");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:15432/assessment_test");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("LOG_JSON", "false");
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        log("assessment-service log: %s", work.resolve("assessment-service.log").toAbsolutePath());
        return process;
    }

    private static double awaitReady(Process process, int port) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        while (System.nanoTime() - start < Duration.ofSeconds(90).toNanos()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("assessment-service exited with status " + process.exitValue());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return (System.nanoTime() - start) / 1e9;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("assessment-service not ready after 90 s");
    }

    /** utime + stime of a process, in clock ticks (1/100 s on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long residentMegabytes(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .map(line -> Arrays.stream(line.split("\\s+")).filter(part -> part.matches("\\d+")).findFirst()
                        .orElse("0"))
                .mapToLong(kb -> Long.parseLong(kb) / 1024)
                .findFirst().orElse(-1);
    }

    private static void log(String format, Object... args) {
        System.out.printf("[latency %tT] %s%n", Instant.now().atZone(java.time.ZoneId.systemDefault()),
                String.format(format, args));
    }

    private record Sent(long nanos, boolean measured) {
    }
}
