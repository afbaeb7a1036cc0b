package io.kurir.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** deploy/kubernetes.yaml and deploy/kurir.service say what docs/OPERATIONS.md says they do. */
class DeployFilesTest {

    @Test
    @SuppressWarnings("unchecked")
    void theKubernetesDeploymentProbesReadinessAndLivenessAndTakesItsSecretsFromASecret() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(Path.of("deploy/kubernetes.yaml")))) {
            documents.add((Map<String, Object>) document);
        }
        assertEquals(List.of("Deployment", "Service"), documents.stream().map(d -> d.get("kind")).toList());
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) documents.get(0).get("spec")).get("template")).get("spec");
        assertEquals(false, pod.get("enableServiceLinks"), "the Service's KURIR_* variables would stop the start");
        assertEquals(true, ((Map<String, Object>) pod.get("securityContext")).get("runAsNonRoot"));
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        assertEquals("/observe/health/ready", path(container, "readinessProbe"));
        assertEquals("/observe/health/live", path(container, "livenessProbe"));
        Map<String, Object> resources = (Map<String, Object>) container.get("resources");
        assertTrue(resources.containsKey("requests") && resources.containsKey("limits"), resources.toString());
        String env = container.get("env").toString();
        assertTrue(env.contains("name=KURIR_INSTANCE_ID, valueFrom={fieldRef={fieldPath=metadata.name}}"), env);
        assertTrue(env.contains("name=KURIR_DB_URL, valueFrom={secretKeyRef={name=kurir-env, key=KURIR_DB_URL}}"), env);
    }

    @Test
    void theSystemdUnitChecksFirstAndDoesNotRestartAConfigurationError() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("deploy/kurir.service"));
        for (String expected : List.of("Restart=on-failure", "RestartPreventExitStatus=78", "NoNewPrivileges=yes",
                "ProtectSystem=strict", "CapabilityBoundingSet=", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
                "EnvironmentFile=/etc/kurir/kurir.env")) {
            assertTrue(lines.contains(expected), expected);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ExecStartPre=") && l.endsWith("bin/kurir --check")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ExecStart=") && l.endsWith("bin/kurir")));
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("Environment=KURIR_") && l.contains("SECRET")), "secrets go in the EnvironmentFile");
    }

    @SuppressWarnings("unchecked")
    static Object path(Map<String, Object> container, String probe) {
        return ((Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet")).get("path");
    }
}
