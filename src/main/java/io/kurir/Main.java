package io.kurir;

/** Starts Kurir: Camel Main with Kurir's configuration, `application.properties` and `routes/*.yaml`. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // no main class: nothing to scan for, Kurir's parts are wired in KurirConfiguration
        org.apache.camel.main.Main main = new org.apache.camel.main.Main();
        main.configure().addConfiguration(KurirConfiguration.class);
        // the working directory's file wins over the copy packaged in the jar
        main.setDefaultPropertyPlaceholderLocation("file:application.properties;optional=true,classpath:application.properties;optional=true");
        CamelKeysFromEnvironment.overrides(System.getenv()).forEach(main::addOverrideProperty);
        main.run(args);
    }
}
