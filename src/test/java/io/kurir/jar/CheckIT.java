package io.kurir.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * `java -jar kurir.jar --check` (bin/kurir --check), as CI or ops run it before a deploy: the
 * settings and the routes are checked, nothing is served and the store is left alone.
 */
class CheckIT {

    @Test
    void passesTheShippedConfigurationWithoutBindingItsPortOrOpeningItsStore() throws Exception {
        Path directory = RunningJar.newWorkingDirectory();
        // a port that is taken: --check never binds it
        try (ServerSocket taken = new ServerSocket(RunningJar.freePort())) {
            RunningJar.Exit exit = RunningJar.runToExit(directory, taken.getLocalPort(), Map.of(), "--check");

            assertEquals(0, exit.code(), String.join("\n", exit.lines()));
            assertTrue(exit.lines().stream().anyMatch(line -> line.contains("routes are fine")), String.join("\n", exit.lines()));
            assertEquals(List.of(), exit.errors());
            assertFalse(Files.exists(directory.resolve("data")), "the store was opened");
        }
    }

    @Test
    void failsAMissingDestinationUrlInOneLineNamingIt() throws Exception {
        Path directory = RunningJar.newWorkingDirectory();
        Path properties = directory.resolve("application.properties");
        Files.writeString(properties, Files.readString(properties).replace("kurir.destination.crm.url =", "# kurir.destination.crm.url ="));

        RunningJar.Exit exit = RunningJar.runToExit(directory, RunningJar.freePort(), Map.of(), "--check");

        assertEquals(78, exit.code(), String.join("\n", exit.lines()));
        assertEquals(1, exit.errors().size(), String.join("\n", exit.lines()));
        assertTrue(exit.errors().get(0).contains("route 'crm': kurir.destination.crm.url is not set: set KURIR_DESTINATION_CRM_URL"),
                exit.errors().get(0));
        assertEquals(List.of(), exit.stackTraces());
        assertFalse(Files.exists(directory.resolve("data")), "the store was opened");
    }

    @Test
    void takesSettingsOfOnesOwnUnderKurirVars() throws Exception {
        Path directory = RunningJar.newWorkingDirectory();

        RunningJar.Exit exit = RunningJar.runToExit(directory, RunningJar.freePort(), Map.of("KURIR_VARS_OPS_CHANNEL", "#ops"), "--check");

        assertEquals(0, exit.code(), String.join("\n", exit.lines()));
    }
}
