package io.kurir.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Checks that a body is what its Content-Type says, in one streaming pass, and picks out the
 * top-level fields that name the event (`type`, `event`, `action`) and Stripe's event `id`.
 * Nothing is re-serialised: the stored body stays the exact bytes that were verified.
 */
record Payload(MediaKind kind, Map<String, String> topLevel, String xmlRoot) {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final SAXParserFactory XML = secureXmlFactory();

    static Payload inspect(MediaKind kind, byte[] body, String contentType) throws IngestError {
        return switch (kind) {
            case JSON -> new Payload(kind, jsonTopLevel(body), null);
            case XML -> new Payload(kind, Map.of(), xmlRoot(body));
            case MULTIPART -> {
                checkMultipart(body, contentType);
                yield new Payload(kind, Map.of(), null);
            }
            case FORM -> new Payload(kind, Map.of(), null);
        };
    }

    String field(String name) {
        return topLevel.get(name);
    }

    private static Map<String, String> jsonTopLevel(byte[] body) throws IngestError {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw malformed("the JSON body is empty");
            }
            int depth = 0;
            JsonToken token = first;
            do {
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (depth == 1 && first == JsonToken.START_OBJECT && token == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (value.isStructStart()) {
                        depth++;
                    } else if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                        fields.put(name, parser.getText());
                    }
                }
                token = parser.nextToken();
            } while (token != null && depth > 0);
            if (parser.nextToken() != null) {
                throw malformed("the JSON body has content after its end");
            }
        } catch (JsonProcessingException e) {
            throw malformed("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("the body is not valid JSON: " + e.getMessage());
        }
        return fields;
    }

    private static String xmlRoot(byte[] body) throws IngestError {
        String[] root = {null};
        try {
            SAXParser parser = XML.newSAXParser();
            parser.parse(new ByteArrayInputStream(body), new DefaultHandler() {
                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes) {
                    if (root[0] == null) {
                        root[0] = localName.isEmpty() ? qName : localName;
                    }
                }
            });
        } catch (SAXException | IOException e) {
            throw malformed("the body is not well-formed XML: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        return root[0];
    }

    private static void checkMultipart(byte[] body, String contentType) throws IngestError {
        String boundary = null;
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                boundary = p.substring("boundary=".length()).replace("\"", "");
            }
        }
        if (boundary == null || boundary.isEmpty()) {
            throw malformed("multipart/form-data needs a boundary parameter");
        }
        String text = new String(body, StandardCharsets.ISO_8859_1);
        if (!text.contains("--" + boundary)) {
            throw malformed("the multipart body does not contain its boundary");
        }
    }

    /** No DTDs at all: that shuts out external entities (XXE) and entity expansion bombs. */
    private static SAXParserFactory secureXmlFactory() {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setXIncludeAware(false);
            return factory;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("no secure XML parser available", e);
        }
    }

    private static IngestError malformed(String message) {
        return new IngestError(400, "malformed_body", message);
    }
}
