package io.kurir.provider;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.support.scan.DefaultPackageScanClassResolver;

/**
 * Every provider under `io.kurir.provider`, found by scanning the package once: adding a sender is
 * adding a package with a {@link Provider}, and nothing else. Named providers come first, by name,
 * then the generic schemes.
 */
public final class Providers {

    private static final Map<String, Provider> BY_NAME = scan();

    private Providers() {
    }

    public static List<Provider> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** By the name `kurir.source.<name>.verify` gives, in any case. */
    public static Optional<Provider> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name == null ? "" : name.trim().toLowerCase(Locale.ROOT)));
    }

    public static String names() {
        return String.join(", ", BY_NAME.keySet());
    }

    private static Map<String, Provider> scan() {
        DefaultPackageScanClassResolver resolver = new DefaultPackageScanClassResolver();
        resolver.addClassLoader(Providers.class.getClassLoader());
        List<Provider> found = new ArrayList<>();
        for (Class<?> type : resolver.findImplementations(Provider.class, Providers.class.getPackageName())) {
            if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
                found.add(instance(type));
            }
        }
        found.sort(Comparator.comparing(Provider::generic).thenComparing(Provider::name));
        Map<String, Provider> byName = new LinkedHashMap<>();
        for (Provider provider : found) {
            Provider before = byName.put(provider.name(), provider);
            if (before != null) {
                throw new IllegalStateException("two providers are named " + provider.name() + ": "
                        + before.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
        if (byName.isEmpty()) {
            throw new IllegalStateException("no provider found under " + Providers.class.getPackageName());
        }
        return byName;
    }

    private static Provider instance(Class<?> type) {
        try {
            return (Provider) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " needs a public constructor without arguments", e);
        }
    }
}
