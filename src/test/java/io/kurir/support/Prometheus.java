package io.kurir.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of `/observe/metrics`, read as the Prometheus text format says. */
public final class Prometheus {

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private final String text;
    private final List<Sample> samples;

    private Prometheus(String text, List<Sample> samples) {
        this.text = text;
        this.samples = samples;
    }

    public static Prometheus parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line.trim());
            if (!sample.matches()) {
                throw new AssertionError("not a sample line of the Prometheus text format: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
        }
        return new Prometheus(text, samples);
    }

    /** The value of the one sample of this name that has these labels (among others), or 0 when there is none. */
    public double value(String name, String... labelPairs) {
        List<Sample> found = matching(name, labelPairs);
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " samples match " + name + " " + List.of(labelPairs) + ": " + found);
        }
        return found.isEmpty() ? 0 : found.get(0).value();
    }

    /** Every sample of this name that has these labels (among others). */
    public List<Sample> matching(String name, String... labelPairs) {
        List<Sample> found = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.name().equals(name) && hasLabels(sample, labelPairs)) {
                found.add(sample);
            }
        }
        return found;
    }

    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    /** The `# TYPE` the text gives a metric family (counter, gauge, histogram, …), or null. */
    public String type(String family) {
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE " + family + " ")) {
                return line.substring(("# TYPE " + family + " ").length()).trim();
            }
        }
        return null;
    }

    public String text() {
        return text;
    }

    private static boolean hasLabels(Sample sample, String... labelPairs) {
        for (int i = 0; i < labelPairs.length; i += 2) {
            if (!labelPairs[i + 1].equals(sample.labels().get(labelPairs[i]))) {
                return false;
            }
        }
        return true;
    }
}
