package io.kurir.ingest;

import java.util.Locale;

/** The body formats Kurir accepts, told apart by Content-Type. */
enum MediaKind {
    JSON, XML, FORM, MULTIPART;

    static MediaKind of(String contentType) throws IngestError {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported("a Content-Type header is required");
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || type.equals("text/json") || type.endsWith("+json")) {
            return JSON;
        }
        if (type.equals("application/xml") || type.equals("text/xml") || type.endsWith("+xml")) {
            return XML;
        }
        if (type.equals("application/x-www-form-urlencoded")) {
            return FORM;
        }
        if (type.equals("multipart/form-data")) {
            return MULTIPART;
        }
        throw unsupported("Content-Type " + type + " is not accepted; send JSON, XML, "
                + "application/x-www-form-urlencoded or multipart/form-data");
    }

    private static IngestError unsupported(String message) {
        return new IngestError(415, "unsupported_media_type", message);
    }
}
