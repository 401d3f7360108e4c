package dev.tousei.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The four packaged services, started once for the whole end-to-end suite (the first test class that asks starts
 * them; a shutdown hook stops them when the test JVM ends) against the local infrastructure of
 * {@code deploy/local/up --infra-only}: PostgreSQL databases {@code <service>_e2e} (emptied by Flyway at start), this
 * run's own Kafka topics ({@code e2e.<run>.*}, deleted at the end), the realm's real tokens, and a webhook receiver
 * that notification-service sends every alert to (NOTIFICATION_WEBHOOK_URL, signed). Every span is sampled
 * (TRACES_SAMPLE_RATIO=1) and exported over OTLP/HTTP to an in-test receiver.
 */
final class E2eStack {

    static final Path ROOT = Path.of(System.getProperty("tousei.root", "..")).toAbsolutePath().normalize();
    static final String KAFKA = System.getProperty("tousei.kafka", "127.0.0.1:" + env("TOUSEI_KAFKA_PORT", "9092"));
    static final String PG = "127.0.0.1:" + env("TOUSEI_PG_PORT", "15432");
    /**
     * Suffix of the services' databases: {@code _e2e} for the end-to-end tests; the pipeline benchmark and fault check
     * use their own ({@code _pipeline}), so they neither wait for nor disturb an end-to-end run.
     */
    static final String DATABASE_SUFFIX = System.getProperty("tousei.database-suffix", "_e2e");
    /**
     * The PIDs (with start times) of the services of the run in progress, per set of databases (a benchmark next to
     * an end-to-end run must not take the other's services for leftovers); see {@link #killLeftoverServices()}.
     */
    static final Path RUNNING_SERVICES = ROOT.resolve("deploy/target/running-services" + DATABASE_SUFFIX);
    static final String ISSUER = "http://127.0.0.1:" + env("TOUSEI_KEYCLOAK_PORT", "8180") + "/realms/tousei";
    /** Local-only webhook signing key, as a route admin would set one. */
    static final String WEBHOOK_SECRET = "e2e-webhook-signing-key-" + UUID.randomUUID();

    static final String CATALOG = "catalog-service";
    static final String EVIDENCE = "evidence-collector";
    static final String ASSESSMENT = "assessment-service";
    static final String NOTIFICATION = "notification-service";

    private static E2eStack instance;
    private static RuntimeException startFailure;

    final String run;
    final Topics topics;
    final Http http = new Http(ISSUER);
    final WebhookReceiver webhook;
    final OtlpReceiver spans;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    /** What each service was started with, so that a killed one can be started again the same way. */
    private final Map<String, Map<String, String>> settingsByModule = new LinkedHashMap<>();
    private final Map<String, Integer> restarts = new LinkedHashMap<>();
    private final Path logDir;

    /** This run's topic names: unique, so nothing from the local stack or an earlier run is read. */
    record Topics(String catalog, String awsEvents, String awsEventsDeadLetters, String evidence,
                  String evidenceDeadLettersAssessment, String evidenceDeadLettersNotification, String status,
                  String statusDeadLetters, String alertRaised, String alertStateChanged) {

        static Topics of(String prefix) {
            String awsEvents = prefix + "aws.events.v1";
            String evidence = prefix + "evidence.evidence-recorded.v1";
            String status = prefix + "assessment.control-status-changed.v1";
            return new Topics(prefix + "catalog.control-changed.v1", awsEvents, "dlq.evidence-collector." + awsEvents,
                    evidence, "dlq.assessment-service." + evidence, "dlq.notification-service." + evidence, status,
                    "dlq.notification-service." + status, prefix + "notification.alert-raised.v1",
                    prefix + "notification.alert-state-changed.v1");
        }

        List<String> all() {
            return List.of(catalog, awsEvents, awsEventsDeadLetters, evidence, evidenceDeadLettersAssessment,
                    evidenceDeadLettersNotification, status, statusDeadLetters, alertRaised, alertStateChanged);
        }
    }

    /** The running stack; started on the first call. A failed start fails every later call at once. */
    static synchronized E2eStack get() {
        if (startFailure != null) {
            throw new IllegalStateException("the end-to-end stack did not start (see the first failure)", startFailure);
        }
        if (instance == null) {
            try {
                instance = new E2eStack();
                Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "e2e-stack-stop"));
                instance.start();
            } catch (RuntimeException e) {
                startFailure = e;
                if (instance != null) {
                    instance.stop();
                }
                throw e;
            }
        }
        return instance;
    }

    private E2eStack() {
        run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + UUID.randomUUID().toString().substring(0, 6);
        topics = Topics.of("e2e." + run + ".");
        logDir = ROOT.resolve("deploy/target/e2e-logs/" + run);
        try {
            Files.createDirectories(logDir);
            webhook = new WebhookReceiver();
            spans = new OtlpReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String module) {
        return services.get(module).url();
    }

    ServiceProcess service(String module) {
        return services.get(module);
    }

    /** The running services by module, in start order. */
    Map<String, ServiceProcess> services() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** Waits until every service answers ready again (after an infrastructure outage); seconds it took. */
    double awaitAllReady(Duration timeout) {
        long started = System.nanoTime();
        services.values().forEach(service -> service.awaitReady(http, timeout));
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * SIGKILL of one service, as a node failure or the OOM killer would do it: no shutdown hook, no graceful close of
     * consumers or transactions. Returns the exit status (137 = 128 + SIGKILL).
     */
    int kill(String module) {
        return services.get(module).kill();
    }

    /** SIGTERM of one service and the wait for its graceful end (SIGKILL after 30 s). */
    void stop(String module) {
        ServiceProcess service = services.get(module);
        service.requestStop();
        service.awaitStop(System.nanoTime() + Duration.ofSeconds(30).toNanos());
    }

    /**
     * Starts a killed service again with the settings it had, on its database as the kill left it (no Flyway clean),
     * the same port and consumer groups, and waits until it is ready. Returns the seconds to ready.
     */
    double restart(String module, Duration readyTimeout) {
        return restart(module, readyTimeout, List.of());
    }

    /** As {@link #restart(String, Duration)}, with JVM options after the pods' (e.g. an AppCDS archive). */
    double restart(String module, Duration readyTimeout, List<String> extraJvmOptions) {
        if (services.get(module).alive()) {
            throw new IllegalStateException(module + " still runs; kill it first");
        }
        long started = System.nanoTime();
        Map<String, String> settings = new LinkedHashMap<>(settingsByModule.get(module));
        settings.put("quarkus.flyway.clean-at-start", "false");
        int restart = restarts.merge(module, 1, Integer::sum);
        ServiceProcess process = ServiceProcess.start(ROOT, module, Integer.parseInt(settings.get("quarkus.http.port")),
                settings, logDir, module + "-restart-" + restart + ".log", extraJvmOptions);
        services.put(module, process);
        rememberRunningServices();
        process.awaitReady(http, readyTimeout);
        return (System.nanoTime() - started) / 1e9;
    }

    private void start() {
        long started = System.nanoTime();
        log("run " + run + ": services' logs in " + logDir);
        killLeftoverServices();
        // Fail fast with the cause named when the infrastructure is not there.
        http.clientToken("event-ingest");
        createTopics();

        // The catalog first: the collector applies evidence rules only from the catalog copy it has when it starts
        // consuming, so the catalog topic must be complete before the collector starts.
        ServiceProcess catalog = startService(CATALOG, Map.of(
                "mp.messaging.outgoing.control-changed.topic", topics.catalog()));
        catalog.awaitReady(http, Duration.ofSeconds(150));
        awaitCatalogPublished();

        startService(EVIDENCE, Map.of(
                "evidence.input-topic", topics.awsEvents(),
                "evidence.dead-letter-topic", topics.awsEventsDeadLetters(),
                "evidence.catalog-topic", topics.catalog(),
                "mp.messaging.outgoing.evidence-recorded.topic", topics.evidence(),
                "mp.messaging.incoming.aws-events.group.id", "evidence-collector-" + run));
        startService(ASSESSMENT, Map.of(
                "assessment.evidence-topic", topics.evidence(),
                "assessment.evidence-dead-letter-topic", topics.evidenceDeadLettersAssessment(),
                "assessment.catalog-topic", topics.catalog(),
                "assessment.status-topic", topics.status(),
                "mp.messaging.incoming.evidence-recorded.group.id", "assessment-service-" + run));
        Map<String, String> notification = new LinkedHashMap<>();
        notification.put("notification.status-topic", topics.status());
        notification.put("notification.status-dead-letter-topic", topics.statusDeadLetters());
        notification.put("notification.evidence-topic", topics.evidence());
        notification.put("notification.evidence-dead-letter-topic", topics.evidenceDeadLettersNotification());
        notification.put("notification.catalog-topic", topics.catalog());
        notification.put("notification.alert-raised-topic", topics.alertRaised());
        notification.put("notification.alert-state-changed-topic", topics.alertStateChanged());
        notification.put("mp.messaging.incoming.status-changed.group.id", "notification-service-" + run);
        notification.put("mp.messaging.incoming.evidence-recorded.group.id", "notification-service-" + run);
        notification.put("notification.default-webhook.url", webhook.url());
        notification.put("notification.default-webhook.secret", WEBHOOK_SECRET);
        startService(NOTIFICATION, notification);
        for (String module : List.of(EVIDENCE, ASSESSMENT, NOTIFICATION)) {
            services.get(module).awaitReady(http, Duration.ofSeconds(150));
        }
        log("four services ready in " + (System.nanoTime() - started) / 1_000_000 + " ms: "
                + services.values().stream().map(s -> s.module + " " + s.url() + " (pid " + s.pid() + ")").toList());
        awaitPipeline();
    }

    /**
     * Sends a StopLogging in a warm-up account until it comes out as a SEC4-1 status and a page. Needed because
     * assessment-service reports ready while its copy of the catalog is still loading, and silently drops (and marks
     * processed) evidence for a control it does not know yet: the first evidence after a fresh start can be lost. A
     * fresh id per attempt makes each one new evidence. Also warms the JVMs up, so the tests measure a running system.
     */
    private void awaitPipeline() {
        long started = System.nanoTime();
        String account = AwsEvents.newAccount();
        Scenarios api = new Scenarios(this);
        int attempts = 0;
        while (true) {
            attempts++;
            Http.Response answer = ingest(AwsEvents.cloudTrailLogging(account, "warm-up-trail", false));
            if (answer.status() != 202) {
                throw new IllegalStateException("the ingest refused the warm-up event: " + answer);
            }
            try {
                Await.until("warm-up status", Duration.ofSeconds(10), Duration.ofMillis(100),
                        () -> api.status(account, Scenarios.SEC4_1));
                break;
            } catch (AssertionError notYet) {
                if (attempts >= 6) {
                    throw new IllegalStateException("no SEC4-1 status for the warm-up account " + account + " after "
                            + attempts + " StopLogging events; logs in " + logDir, notYet);
                }
                log("warm-up StopLogging #" + attempts + " not assessed within 10 s; sending another");
            }
        }
        webhook.await("warm-up alert", WebhookReceiver.forAccount(account));
        log("pipeline answers end to end (warm-up account " + account + ", " + attempts + " event(s), "
                + (System.nanoTime() - started) / 1_000_000 + " ms)");
    }

    private ServiceProcess startService(String module, Map<String, String> own) {
        // catalog-service → catalog_e2e, owned by role catalog (the service's default user), etc.
        String db = module.substring(0, module.indexOf('-')) + DATABASE_SUFFIX;
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.http.host", "127.0.0.1");
        settings.put("quarkus.http.port", String.valueOf(freePort()));
        settings.put("quarkus.datasource.reactive.url", "postgresql://" + PG + "/" + db);
        settings.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + PG + "/" + db);
        // every run starts from empty databases: what a scenario sees was made by this run
        settings.put("quarkus.flyway.clean-at-start", "true");
        settings.put("quarkus.flyway.clean-disabled", "false");
        settings.put("kafka.bootstrap.servers", KAFKA);
        settings.put("quarkus.oidc.auth-server-url", ISSUER);
        settings.put("quarkus.log.console.json.enabled", "false");
        // tracing on for real, as TRACES_SAMPLE_RATIO=1 and QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT would set it
        settings.put("quarkus.otel.traces.sampler.arg", "1");
        settings.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
        settings.put("quarkus.otel.exporter.otlp.endpoint", spans.url());
        settings.put("quarkus.otel.bsp.schedule.delay", "500ms");
        settings.putAll(own);
        ServiceProcess process = ServiceProcess.start(ROOT, module, Integer.parseInt(settings.get("quarkus.http.port")),
                settings, logDir, module + ".log");
        services.put(module, process);
        rememberRunningServices();
        settingsByModule.put(module, settings);
        return process;
    }

    /** Every control of the catalog on this run's catalog topic (keyed by control id). */
    private void awaitCatalogPublished() {
        JsonNode catalog = http.getJson(url(CATALOG) + "/api/v1/catalog", http.userToken("viewer"));
        int controls = catalog.path("controls").size();
        if (controls == 0) {
            throw new IllegalStateException("catalog-service serves an empty catalog: " + catalog);
        }
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topics.catalog());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Await.until(controls + " controls on " + topics.catalog(), Duration.ofSeconds(60), Duration.ZERO, () -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(record.key());
                }
                return keys.size() >= controls ? Optional.of(true) : Optional.empty();
            });
        }
        log("catalog: " + controls + " controls published on " + topics.catalog());
    }

    private void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA))) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics.all()) {
                NewTopic newTopic = new NewTopic(topic, 3, (short) 1);
                if (topic.equals(topics.catalog())) {
                    newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                }
                newTopics.add(newTopic);
            }
            admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create this run's topics on Kafka " + KAFKA
                    + " (is deploy/local/up --infra-only running?)", e);
        }
    }

    /**
     * Stops the services and deletes this run's topics. Safe to call twice. All are asked at once and given 10 s
     * together: surefire/failsafe kill a forked JVM 30 s after it exits, and a service left running would keep using
     * the shared e2e databases.
     */
    synchronized void stop() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        services.values().forEach(ServiceProcess::requestStop);
        services.values().forEach(service -> service.awaitStop(deadline));
        services.clear();
        forgetRunningServices();
        webhook.close();
        spans.close();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA))) {
            admin.deleteTopics(topics.all()).all().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            log("could not delete this run's topics: " + e);
        }
    }

    /**
     * Kills services an earlier run left behind (its JVM killed before it could stop them), recognised by PID and
     * start time in {@link #RUNNING_SERVICES}: they would share this run's databases.
     */
    private static void killLeftoverServices() {
        if (!Files.isRegularFile(RUNNING_SERVICES)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(RUNNING_SERVICES)) {
                String[] parts = line.split(" ", 2);
                ProcessHandle.of(Long.parseLong(parts[0]))
                        .filter(handle -> handle.info().startInstant().map(Object::toString).orElse("?")
                                .equals(parts[1]))
                        .ifPresent(leftover -> {
                            log("killing service process " + leftover.pid() + " left by an earlier run");
                            leftover.destroyForcibly();
                        });
            }
            Files.delete(RUNNING_SERVICES);
        } catch (IOException | RuntimeException e) {
            log("could not check for services left by an earlier run: " + e);
        }
    }

    private void rememberRunningServices() {
        try {
            Files.write(RUNNING_SERVICES, services.values().stream().map(ServiceProcess::identity).toList());
        } catch (IOException e) {
            log("could not record this run's service processes: " + e);
        }
    }

    private void forgetRunningServices() {
        try {
            Files.deleteIfExists(RUNNING_SERVICES);
        } catch (IOException e) {
            log("could not remove " + RUNNING_SERVICES + ": " + e);
        }
    }

    KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props);
    }

    KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }

    /** Writes one record to a topic, as EventBridge or another producer would, and waits for Kafka's ack. */
    void produce(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        }
    }

    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    /** POSTs envelopes to the collector's HTTP ingest as the event-ingest client (EventBridge's API destination). */
    Http.Response ingest(byte[] envelopes) {
        return ingest(envelopes, Map.of());
    }

    Http.Response ingest(byte[] envelopes, Map<String, String> headers) {
        return http.post(url(EVIDENCE) + "/api/v1/ingest/events", http.clientToken("event-ingest"),
                "application/json", envelopes, headers);
    }

    String viewer() {
        return http.userToken("viewer");
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static void log(String message) {
        System.out.println("[e2e] " + message);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
