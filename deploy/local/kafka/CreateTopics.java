import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Creates the topics declared as Strimzi KafkaTopics (deploy/kubernetes/base/kafka/topics.yaml) on the local broker,
 * with their partitions and cleanup policy and a replication factor of 1, then waits until every partition has a
 * leader. Topics that exist are left as they are.
 *
 * <p>Why not let the broker auto-create them: a producer that sends several batches at once to a partition that is
 * being created can have them reordered, and the idempotent producer then retries the first batch until its delivery
 * timeout (KAFKA-15591 / KAFKA-14312, still in Kafka 4.4). The catalog's seed burst on a fresh broker hit exactly that.
 *
 * <p>Run as a single-file program: {@code java -cp 'kafka/lib/*' CreateTopics.java BOOTSTRAP TOPICS.yaml [name:partitions[:compact]]...}
 */
public class CreateTopics {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CreateTopics BOOTSTRAP TOPICS.yaml [name:partitions[:compact]]...");
            System.exit(64);
        }
        List<NewTopic> declared = new ArrayList<>(fromStrimziTopics(Path.of(args[1])));
        for (int i = 2; i < args.length; i++) {
            declared.add(fromArgument(args[i]));
        }
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        try (Admin admin = Admin.create(properties)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = declared.stream().filter(topic -> !existing.contains(topic.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            awaitLeaders(admin, declared.stream().map(NewTopic::name).toList());
            System.out.println(declared.size() + " topics declared, " + missing.size() + " created");
        }
    }

    /** Reads topicName, partitions and cleanup.policy from each KafkaTopic document; the file is ours and simple. */
    static List<NewTopic> fromStrimziTopics(Path file) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
            String name = null;
            int partitions = 1;
            String cleanupPolicy = null;
            for (String line : document.lines().map(String::trim).toList()) {
                if (line.startsWith("topicName:")) {
                    name = valueOf(line);
                } else if (line.startsWith("partitions:")) {
                    partitions = Integer.parseInt(valueOf(line));
                } else if (line.startsWith("cleanup.policy:")) {
                    cleanupPolicy = valueOf(line);
                }
            }
            if (name != null) {
                topics.add(topic(name, partitions, "compact".equals(cleanupPolicy)));
            }
        }
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("no KafkaTopic with a topicName in " + file);
        }
        return topics;
    }

    static NewTopic fromArgument(String argument) {
        String[] parts = argument.split(":");
        return topic(parts[0], Integer.parseInt(parts[1]), parts.length > 2 && parts[2].equals("compact"));
    }

    static NewTopic topic(String name, int partitions, boolean compacted) {
        Map<String, String> config = new HashMap<>();
        if (compacted) {
            config.put("cleanup.policy", "compact");
        }
        return new NewTopic(name, partitions, (short) 1).configs(config);
    }

    static String valueOf(String line) {
        return line.substring(line.indexOf(':') + 1).trim().replace("\"", "");
    }

    static void awaitLeaders(Admin admin, List<String> names) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            boolean ready = descriptions.values().stream()
                    .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions without a leader after 30 s: " + descriptions);
            }
            Thread.sleep(100);
        }
    }
}
