package dev.tousei.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The resources of one overlay as {@code kubectl kustomize} renders them. */
record Manifests(String overlay, List<JsonNode> resources) {

    private static final YAMLMapper YAML = new YAMLMapper();

    static Manifests render(Path kubectl, Path overlayDir) throws IOException, InterruptedException {
        Path output = Files.createTempFile("kustomize-" + overlayDir.getFileName(), ".yaml");
        Path errors = Files.createTempFile("kustomize-" + overlayDir.getFileName(), ".err");
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", overlayDir.toString())
                    .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + overlayDir + " did not finish within 2 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + overlayDir + " failed (exit " + process.exitValue()
                        + "):\n" + Files.readString(errors, StandardCharsets.UTF_8));
            }
            List<JsonNode> resources = new ArrayList<>();
            try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(output.toFile())) {
                while (documents.hasNext()) {
                    JsonNode document = documents.next();
                    if (document != null && !document.isNull() && !document.isEmpty()) {
                        resources.add(document);
                    }
                }
            }
            return new Manifests(overlayDir.getFileName().toString(), List.copyOf(resources));
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    /** kubectl from -Dkubectl.path, else the first one on the PATH. */
    static Optional<Path> findKubectl() {
        String configured = System.getProperty("kubectl.path", "");
        if (!configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    Stream<JsonNode> ofKind(String kind) {
        return resources.stream().filter(resource -> kind.equals(resource.path("kind").asText()));
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).filter(resource -> name.equals(name(resource))).findFirst();
    }

    static String name(JsonNode resource) {
        return resource.path("metadata").path("name").asText();
    }

    /** The pod template of a workload, or a missing node for other kinds. */
    static JsonNode podSpec(JsonNode resource) {
        return switch (resource.path("kind").asText()) {
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" ->
                    resource.path("spec").path("template").path("spec");
            case "CronJob" -> resource.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
            case "Pod" -> resource.path("spec");
            default -> com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        };
    }

    /** Workloads with a pod template. */
    Stream<JsonNode> workloads() {
        return resources.stream().filter(resource -> !podSpec(resource).isMissingNode());
    }
}
